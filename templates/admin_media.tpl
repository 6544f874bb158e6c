{{%AUTOESCAPE context="HTML"}}{{! The media library: upload, search, the images newest first. }}{{>HEAD}}
<body class="admin admin-media">
{{>ADMIN_BAR}}
<main id="main" class="wrap">
<h1>Media library</h1>
{{#ERROR}}<p class="form-error" role="alert">{{MESSAGE}}</p>
{{/ERROR}}<section aria-labelledby="upload-heading">
<h2 id="upload-heading">Upload a picture</h2>
<form method="post" action="/admin/media" enctype="multipart/form-data" class="upload-form">
<input type="hidden" name="csrf" value="{{CSRF}}">
<p><label for="file">Picture (JPEG, PNG, WebP, GIF, HEIC or AVIF; at most {{UPLOAD_MAX_MB}} MB)</label>
<input id="file" name="file" type="file" accept="image/jpeg,image/png,image/webp,image/gif,image/heic,image/avif" required></p>
<p><label for="alt">Alt text (what the picture shows, for readers who cannot see it; needed before it is used)</label>
<input id="alt" name="alt" value="{{ALT}}" maxlength="500"></p>
<p><label for="caption">Caption</label> <input id="caption" name="caption" value="{{CAPTION}}" maxlength="500"></p>
<p><label for="credit">Credit (e.g. Photo: Reuters)</label> <input id="credit" name="credit" value="{{CREDIT}}" maxlength="200"></p>
<p><button type="submit">Upload</button></p>
</form>
<p class="hint">The picture is turned upright and every piece of metadata (place, camera, names) is removed from the files readers get.</p>
</section>
<section aria-labelledby="library-heading">
<h2 id="library-heading">Images</h2>
<form method="get" action="/admin/media" role="search" class="media-search">
<label for="q">Search alt text, captions and credits</label> <input id="q" name="q" type="search" value="{{QUERY}}" maxlength="500">
<button type="submit">Search</button>
</form>
{{#EMPTY}}<p>No images yet.</p>
{{/EMPTY}}{{#NONE_FOUND}}<p>No image matches that.</p>
{{/NONE_FOUND}}<ul class="media-grid">
{{#IMAGE}}<li><a href="{{URL}}"><img src="{{THUMB}}" alt="{{ALT}}" width="160" loading="lazy"></a>
<p>{{#NO_ALT}}<strong class="no-alt">No alt text yet</strong>{{/NO_ALT}}{{ALT}}</p>
<p class="meta">{{WIDTH}}×{{HEIGHT}} {{FORMAT}}, {{KB}} KB<span class="credit">{{CREDIT}}</span></p>
<p><input class="ref-url" value="{{REF_URL}}" readonly aria-label="Address to use in an image field"></p></li>
{{/IMAGE}}</ul>
{{#MORE}}<p><a href="/admin/media?page={{NEXT_PAGE}}&amp;q={{QUERY:url_query_escape}}">Older images</a></p>
{{/MORE}}</section>
</main>
{{>FOOTER}}
