/* Latin letters for a slug: Cyrillic by a simple BGN-like table (е is e, й is y, so Бакиев
 * is bakiev, as readers type it), Latin-1 and Latin Extended-A letters without their marks. */
#include "translit.h"

#include <stdint.h>

/* U+0400..U+045F: Ѐ Ё Ђ Ѓ Є Ѕ І Ї Ј Љ Њ Ћ Ќ Ѝ Ў Џ, А..Я, а..я, ѐ..џ. */
static const char *const cyrillic[0x60] = {
	"e", "yo", "dj", "gj", "ye", "dz", "i", "yi", "j", "lj", "nj", "c", "kj", "i", "u", "dz",
	"a", "b", "v", "g", "d", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p",
	"r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya",
	"a", "b", "v", "g", "d", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p",
	"r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya",
	"e", "yo", "dj", "gj", "ye", "dz", "i", "yi", "j", "lj", "nj", "c", "kj", "i", "u", "dz",
};

/* U+00C0..U+00FF: À..ÿ (× and ÷ are not letters). */
static const char *const latin1[0x40] = {
	"a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
	"d", "n", "o", "o", "o", "o", "o", NULL, "o", "u", "u", "u", "u", "y", "th", "ss",
	"a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
	"d", "n", "o", "o", "o", "o", "o", NULL, "o", "u", "u", "u", "u", "y", "th", "y",
};

/* U+0100..U+017F, Latin Extended-A, in pairs (capital, small) mostly: Ā ā Ă ă Ą ą Ć ć ... */
static const char latin_ext_a[0x80 + 1] =
	"aaaaaaccccccccdd"   /* 0100 */
	"ddeeeeeeeeeegggg"   /* 0110 */
	"gggghhhhiiiiiiii"   /* 0120 */
	"iiiijjkkklllllll"   /* 0130: IJ ij as i, ĸ as k */
	"lllnnnnnnnnnoooo"   /* 0140: ŉ as n, Ŋ ŋ as n */
	"oooorrrrrrssssss"   /* 0150: Œ œ as o (below: oe) */
	"ssttttttuuuuuuuu"   /* 0160 */
	"uuuuwwyyyzzzzzzs";  /* 0170: ſ as s */

/* The code point at s, or U+FFFD for bytes that are not one (the caller's text is checked
 * UTF-8, but a fuzzer's is not). */
static uint32_t decode(const unsigned char *s, size_t n, size_t *used)
{
	*used = 1;
	if (s[0] < 0x80)
		return s[0];
	if ((s[0] & 0xE0) == 0xC0 && n >= 2 && (s[1] & 0xC0) == 0x80) {
		*used = 2;
		return (uint32_t)(s[0] & 0x1F) << 6 | (s[1] & 0x3F);
	}
	return 0xFFFD;  /* a longer sequence is read a byte at a time: none is in the tables */
}

/* Cyrillic letters past U+045F: Ukrainian Ґ, and Kazakh and Kyrgyz letters. */
static const char *cyrillic_extra(uint32_t cp)
{
	switch (cp | 1) {
	case 0x491: case 0x493: return "g";
	case 0x49b: return "k";
	case 0x4a3: return "ng";
	case 0x4af: case 0x4b1: return "u";
	case 0x4bb: return "h";
	case 0x4d9: return "a";
	case 0x4e9: return "o";
	default: return NULL;
	}
}

const char *translit_next(const char *s, size_t n, size_t *used)
{
	uint32_t cp = decode((const unsigned char *)s, n, used);
	if (cp >= 0x400 && cp < 0x460)
		return cyrillic[cp - 0x400];
	if (cp >= 0xC0 && cp < 0x100)
		return latin1[cp - 0xC0];
	if (cp == 0x152 || cp == 0x153)
		return "oe";
	if (cp == 0x132 || cp == 0x133)
		return "ij";
	if (cp >= 0x100 && cp < 0x180) {
		static const char *const letters[26] = {
			"a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m",
			"n", "o", "p", "q", "r", "s", "t", "u", "v", "w", "x", "y", "z",
		};
		return letters[latin_ext_a[cp - 0x100] - 'a'];
	}
	return cyrillic_extra(cp);
}
