/* Hexadecimal digits: the one decoder of two-digit byte escapes (%41, v1= signatures). */
#ifndef KPID_HEX_H
#define KPID_HEX_H

/* The value of the byte written as two hex digits at s (either case), or -1 when they are not
 * two hex digits; s[1] is read only when s[0] is a hex digit, so a string may end at s[0]. */
int kpid_hex_byte(const char *s);

#endif
