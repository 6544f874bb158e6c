{{%AUTOESCAPE context="HTML"}}{{! The front page, for editors: the lead and top stories in order; the versions saved. }}{{>HEAD}}
<body class="admin admin-front">
{{>ADMIN_BAR}}
<main id="main" class="wrap">
<h1>Front page</h1>
{{#NOTICE}}<p class="notice" role="status">{{MESSAGE}}</p>
{{/NOTICE}}{{#ERROR}}<p class="form-error" role="alert">{{MESSAGE}}</p>
{{/ERROR}}<form method="post" action="/admin/front" class="front-form">
<input type="hidden" name="csrf" value="{{CSRF}}">
<p><label for="front">The lead story first, then the top stories in order <small>(addresses such as /news/europe/a-story, one a line, at most 20; published or scheduled; the newest stories fill the slots left)</small></label>
<textarea id="front" name="front" rows="10">
{{FRONT:pre_escape}}</textarea></p>
<p><button type="submit">Save the front page</button></p>
</form>
<h2>Versions</h2>
<table class="versions">
<thead><tr><th scope="col">Version</th><th scope="col">Saved by</th><th scope="col">When</th><th scope="col">Stories</th></tr></thead>
<tbody>
{{#VERSION}}<tr><td>{{ID}}</td><td>{{EDITOR}}</td><td>{{WHEN}}</td><td>{{SLOTS}}</td></tr>
{{/VERSION}}</tbody>
</table>
</main>
{{>FOOTER}}
