{{%AUTOESCAPE context="HTML"}}{{! One image of the media library: its renditions, where it is used, its texts. }}{{>HEAD}}
<body class="admin admin-media-image">
{{>ADMIN_BAR}}
<main id="main" class="wrap">
<p><a href="/admin/media">Media library</a></p>
<h1>Image {{ID}}</h1>
{{#NOTICE}}<p class="notice" role="status">{{MESSAGE}}</p>
{{/NOTICE}}{{#ERROR}}<p class="form-error" role="alert">{{MESSAGE}}</p>
{{/ERROR}}<figure class="media-preview"><img src="{{REF_URL}}" alt="{{ALT}}" width="{{WIDTH}}" height="{{HEIGHT}}"></figure>
<p>{{WIDTH}}×{{HEIGHT}} pixels, uploaded as {{FORMAT}} ({{KB}} KB) by {{UPLOADED_BY}}.</p>
<p><label for="ref-url">Address to use in an image field</label> <input id="ref-url" class="ref-url" value="{{REF_URL}}" readonly></p>
{{#CAN_DESCRIBE}}<form method="post" action="{{URL}}" class="media-texts">
<input type="hidden" name="csrf" value="{{CSRF}}">
<p><label for="alt">Alt text (needed before the image is used on a page)</label> <input id="alt" name="alt" value="{{ALT}}" maxlength="500"></p>
<p><label for="caption">Caption</label> <input id="caption" name="caption" value="{{CAPTION}}" maxlength="500"></p>
<p><label for="credit">Credit</label> <input id="credit" name="credit" value="{{CREDIT}}" maxlength="200"></p>
<p><button type="submit" name="action" value="save">Save</button></p>
</form>
{{/CAN_DESCRIBE}}{{#READ_ONLY}}<p>Alt text: {{ALT}}</p>
<p>Caption: {{CAPTION}}</p>
<p>Credit: {{CREDIT}}</p>
<p>An editor changes these (a reporter: only on a picture of their own that no published page shows).</p>
{{/READ_ONLY}}<h2>Renditions</h2>
<ul class="renditions">
{{#RENDITION}}<li>{{WIDTH}} px: <a href="{{JPEG}}">JPEG</a> <a href="{{WEBP}}">WebP</a>{{#AVIF}} <a href="{{URL}}">AVIF</a>{{/AVIF}}</li>
{{/RENDITION}}<li><a href="{{ORIGINAL}}">The original</a>, upright, without metadata</li>
</ul>
<h2>Where it is used</h2>
{{#IN_USE}}<ul class="uses">
{{#USE}}<li>{{#LINKED}}<a href="{{URL}}">{{HEADLINE}}</a>{{/LINKED}}{{#UNLINKED}}{{HEADLINE}}{{/UNLINKED}} ({{WHERE}})</li>
{{/USE}}</ul>
<p>An image in use cannot be deleted.</p>
{{/IN_USE}}{{#UNUSED}}<p>Not used on any page.</p>
{{/UNUSED}}{{#CAN_DELETE}}<form method="post" action="{{URL}}" class="media-delete">
<input type="hidden" name="csrf" value="{{CSRF}}">
<p><button type="submit" name="action" value="delete">Delete this image and its files</button></p>
</form>
{{/CAN_DELETE}}</main>
{{>FOOTER}}
