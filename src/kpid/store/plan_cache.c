/* The plan_cache_mode statements, one of each per connection whoever sends them. */
#include "kpid/store/plan_cache.h"

struct kpid_db_stmt kpid_plan_cache_generic = {"plan_cache_generic", NULL, 0};
struct kpid_db_stmt kpid_plan_cache_custom = {"plan_cache_custom", NULL, 0};
struct kpid_db_stmt kpid_plan_cache_auto = {"plan_cache_auto", NULL, 0};
