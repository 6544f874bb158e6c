{{%AUTOESCAPE context="HTML"}}{{! The site-wide promo list, for admins. The textarea's value starts on the line after its tag: HTML drops that first newline, not the text's own. }}{{>HEAD}}
<body class="admin admin-promos">
{{>ADMIN_BAR}}
<main id="main" class="wrap narrow">
<h1>Promos</h1>
<p>These stories are promoted under every article that has no promos of its own.</p>
{{#ERROR}}<p class="form-error" role="alert">{{MESSAGE}}</p>
{{/ERROR}}<form method="post" action="/admin/promos">
<input type="hidden" name="csrf" value="{{CSRF}}">
<p><label for="promos">Article addresses, one a line</label>
<textarea id="promos" name="promos" rows="8">
{{PROMOS:pre_escape}}</textarea></p>
<p><button type="submit">Save promos</button></p>
</form>
</main>
{{>FOOTER}}
