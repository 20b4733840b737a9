/* The preset table: finds a preset by name and builds a source's field map from its default. */
#include "kpid/webhook/preset.h"

#include <stdint.h>
#include <string.h>

extern const struct kpid_preset kpid_preset_amocrm, kpid_preset_kommo, kpid_preset_bitrix24,
    kpid_preset_hubspot, kpid_preset_pipedrive, kpid_preset_tilda, kpid_preset_generic;

static const struct kpid_preset *const presets[] = {
    &kpid_preset_amocrm,    &kpid_preset_kommo, &kpid_preset_bitrix24, &kpid_preset_hubspot,
    &kpid_preset_pipedrive, &kpid_preset_tilda, &kpid_preset_generic,
};

const struct kpid_preset *kpid_preset_find(const char *name)
{
    for (size_t i = 0; name != NULL && i < sizeof presets / sizeof presets[0]; i++)
        if (strcmp(presets[i]->name, name) == 0)
            return presets[i];
    return NULL;
}

json_t *kpid_preset_field_map(const struct kpid_preset *preset, enum kpid_target_kind target,
                              const json_t *overrides)
{
    const char *text = target == KPID_TARGET_DEAL ? preset->deal_map : preset->lead_map;
    json_t *map = text ? json_loads(text, 0, NULL) : NULL;
    if (map == NULL)
        return overrides ? json_deep_copy(overrides) : NULL;
    const char *key;
    json_t *value;
    json_object_foreach((json_t *)(uintptr_t)overrides, key, value)
    {
        if (json_is_null(value))
            json_object_del(map, key);
        else
            json_object_set(map, key, value);
    }
    return map;
}

bool kpid_preset_fetches(const struct kpid_preset *preset, enum kpid_target_kind target)
{
    return (target == KPID_TARGET_DEAL ? preset->fetch.deal_path : preset->fetch.lead_path) != NULL;
}
