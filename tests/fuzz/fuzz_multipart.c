/* Fuzz target: the multipart/form-data parser. The first line of the input is the Content-Type
 * (its boundary read as the server reads it), the rest the body; every part found must lie
 * inside the body, in order, its name and filename inside it too, within the limits. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "multipart.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nl = memchr(data, '\n', size);
	size_t tlen = nl ? (size_t)(nl - data) : size;
	char *type = malloc(tlen + 1);
	char boundary[MULTIPART_BOUNDARY_MAX + 1];
	struct multipart_part parts[16];
	memcpy(type, data, tlen);
	type[tlen] = '\0';
	const char *body = nl ? (const char *)nl + 1 : "";
	size_t blen = nl ? size - tlen - 1 : 0;
	/* a copy of exactly blen bytes, so a read past the body is caught */
	char *copy = malloc(blen ? blen : 1);
	memcpy(copy, body, blen);
	if (multipart_boundary(type, boundary)) {
		if (strlen(boundary) == 0 || strlen(boundary) > MULTIPART_BOUNDARY_MAX)
			abort();
		int n = multipart_parse(copy, blen, boundary, parts, 16);
		if (n < -1 || n > 16)
			abort();
		const char *prev = copy;
		for (int i = 0; i < n; i++) {
			const struct multipart_part *q = &parts[i];
			if (q->data < prev || q->data + q->len > copy + blen || !q->name_len ||
			    q->name_len > MULTIPART_NAME_MAX || q->name < copy ||
			    q->name + q->name_len > q->data || q->is_file != (q->filename != NULL) ||
			    (q->filename && (q->filename < copy || q->filename_len > MULTIPART_NAME_MAX)) ||
			    memchr(q->name, '"', q->name_len) || memchr(q->name, '\n', q->name_len))
				abort();
			prev = parts[i].data + parts[i].len;
		}
	}
	free(copy);
	free(type);
	return 0;
}
