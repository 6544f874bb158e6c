{{%AUTOESCAPE context="HTML"}}{{! The audit log, for admins: who did what, when, from where, newest first. }}{{>HEAD}}
<body class="admin admin-audit">
{{>ADMIN_BAR}}
<main id="main" class="wrap">
<h1>Audit log</h1>
<p class="count">{{TOTAL}} entries, kept {{KEEP_DAYS}} days (audit_keep_days).</p>
{{#EMPTY}}<p class="empty">Nothing recorded yet.</p>
{{/EMPTY}}<table class="audit-table">
<thead><tr><th scope="col">When</th><th scope="col">Who</th><th scope="col">Address</th><th scope="col">What</th><th scope="col">Detail</th></tr></thead>
<tbody>
{{#ENTRY}}<tr>
<td><time datetime="{{WHEN_ISO}}">{{WHEN}}</time></td>
<td>{{WHO}}</td>
<td>{{ADDRESS}}</td>
<td>{{ACTION}}</td>
<td>{{DETAIL}}</td>
</tr>
{{/ENTRY}}</tbody>
</table>
<nav class="pager" aria-label="Pages">
{{#PREV}}<a rel="prev" href="{{URL}}">Newer</a>
{{/PREV}}<span class="page-of">Page {{PAGE}} of {{PAGES}}</span>
{{#NEXT}}<a rel="next" href="{{URL}}">Older</a>
{{/NEXT}}</nav>
</main>
{{>FOOTER}}
