{{%AUTOESCAPE context="HTML"}}{{! The admin's list of articles. }}{{>HEAD}}
<body class="admin admin-articles">
{{>ADMIN_BAR}}
<main id="main" class="wrap">
<h1>{{HEADING}}</h1>
<form class="filters" method="get" action="/admin">
<label for="f-section">Section</label>
<select id="f-section" name="section">
<option value="">All sections</option>
{{#SECTION_OPTION}}<option value="{{SLUG}}"{{#SELECTED}} selected{{/SELECTED}}>{{NAME}}</option>
{{/SECTION_OPTION}}</select>
<label for="f-status">Status</label>
<select id="f-status" name="status">
<option value="">Any status</option>
{{#STATUS_OPTION}}<option value="{{STATUS}}"{{#SELECTED}} selected{{/SELECTED}}>{{LABEL}}</option>
{{/STATUS_OPTION}}</select>
<button type="submit">Filter</button>
<a class="button" href="/admin/articles/new">New article</a>
<a class="queue-link" href="/admin?status=review">In review: {{IN_REVIEW}}</a>
</form>
{{#QUEUE}}<p class="queue-help">Submitted by reporters, oldest first: open one to publish it or send it back with a note.</p>
{{/QUEUE}}
<p class="count">{{TOTAL}} articles</p>
{{#EMPTY}}<p class="empty">No articles match.</p>
{{/EMPTY}}<table class="article-table">
<thead><tr><th scope="col">Headline</th><th scope="col">Status</th><th scope="col">Section</th><th scope="col">{{EDITOR_HEADING}}</th><th scope="col">{{CHANGED_HEADING}}</th></tr></thead>
<tbody>
{{#ROW}}<tr>
<td><a href="/admin/articles/{{ID}}">{{HEADLINE}}</a>{{#LIVE}} <a class="live" href="{{URL}}">view</a>{{/LIVE}}</td>
<td><span class="status status-{{STATUS}}">{{STATUS}}</span></td>
<td>{{SECTION_NAME}}</td>
<td>{{EDITOR}}</td>
<td><time datetime="{{CHANGED_ISO}}">{{CHANGED}}</time></td>
</tr>
{{/ROW}}</tbody>
</table>
<nav class="pager" aria-label="Pages">
{{#PREV}}<a rel="prev" href="{{URL}}">Newer</a>
{{/PREV}}<span class="page-of">Page {{PAGE}} of {{PAGES}}</span>
{{#NEXT}}<a rel="next" href="{{URL}}">Older</a>
{{/NEXT}}</nav>
</main>
{{>FOOTER}}
