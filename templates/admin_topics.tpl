{{%AUTOESCAPE context="HTML"}}{{! Topics, for editors: rename, or merge into another (old slugs redirect). }}{{>HEAD}}
<body class="admin admin-topics">
{{>ADMIN_BAR}}
<main id="main" class="wrap">
<h1>Topics</h1>
{{#NOTICE}}<p class="notice" role="status">{{MESSAGE}}</p>
{{/NOTICE}}{{#ERROR}}<p class="form-error" role="alert">{{MESSAGE}}</p>
{{/ERROR}}<p>Topics are made by typing them on the article form. Renaming or merging keeps the old address working.</p>
<p class="count">{{TOTAL}} topics</p>
{{#EMPTY}}<p class="empty">No topics yet.</p>
{{/EMPTY}}<table class="topics-table">
<thead><tr><th scope="col">Name</th><th scope="col">Slug</th><th scope="col">Articles</th><th scope="col">Rename</th><th scope="col">Merge into (slug)</th></tr></thead>
<tbody>
{{#TOPIC}}<tr>
<td><input name="topic_name" value="{{NAME}}" form="t{{ID}}" aria-label="Name of {{NAME}}" maxlength="100"></td>
<td><input name="topic_slug" value="{{SLUG}}" form="t{{ID}}" aria-label="Slug of {{NAME}}" maxlength="100"></td>
<td>{{ARTICLES}}</td>
<td><form method="post" action="/admin/topics" id="t{{ID}}">
<input type="hidden" name="csrf" value="{{CSRF}}">
<button type="submit" name="action" value="rename:{{ID}}">Rename</button>
</form></td>
<td><form method="post" action="/admin/topics">
<input type="hidden" name="csrf" value="{{CSRF}}">
<input name="topic_into" aria-label="Merge {{NAME}} into" maxlength="100" size="16">
<button type="submit" name="action" value="merge:{{ID}}">Merge</button>
</form></td>
</tr>
{{/TOPIC}}</tbody>
</table>
{{#PAGER}}<nav class="pager" aria-label="Pages">
{{#PREV}}<a rel="prev" href="{{URL}}">Previous</a>
{{/PREV}}<span class="page-of">Page {{PAGE}} of {{PAGES}}</span>
{{#NEXT}}<a rel="next" href="{{URL}}">Next</a>
{{/NEXT}}</nav>
{{/PAGER}}</main>
{{>FOOTER}}
