{{%AUTOESCAPE context="HTML"}}{{! The admin's top bar: where you are, who you are, how to leave. }}<header class="admin-bar">
<div class="wrap admin-bar-inner">
<a class="brand" href="/admin">{{SITE_NAME}} admin</a>
{{#EDITOR}}<nav aria-label="Admin">
<ul>
<li><a href="/admin">Articles</a></li>
<li><a href="/admin/articles/new">New article</a></li>
<li><a href="/admin/media">Media</a></li>
{{#IS_EDITOR}}<li><a href="/admin?status=review">Review queue</a></li>
<li><a href="/admin/front">Front page</a></li>
<li><a href="/admin/people">People</a></li>
<li><a href="/admin/topics">Topics</a></li>
<li><a href="/admin/sections">Sections</a></li>
<li><a href="/admin/promos">Promos</a></li>
{{/IS_EDITOR}}{{#IS_ADMIN}}<li><a href="/admin/users">Users</a></li>
<li><a href="/admin/audit">Audit log</a></li>
{{/IS_ADMIN}}<li><a href="/">View site</a></li>
</ul>
</nav>
<form class="logout" method="post" action="/admin/logout">
<span class="who">{{USER_NAME}} ({{USER_ROLE}})</span>
<input type="hidden" name="csrf" value="{{CSRF}}">
<button type="submit">Log out</button>
</form>
<script src="/static/js/draft.js?v=2" defer></script>
{{/EDITOR}}</div>
</header>
