{{%AUTOESCAPE context="HTML"}}{{! An article's revisions, a diff of two, and restore buttons. }}{{>HEAD}}
<body class="admin admin-revisions">
{{>ADMIN_BAR}}
<main id="main" class="wrap">
<h1>Revisions of <a href="/admin/articles/{{ID}}">{{HEADLINE}}</a></h1>
{{#EMPTY}}<p class="empty">No revisions yet: the first save makes one (and keeps the article as it was).</p>
{{/EMPTY}}<form method="get" action="/admin/articles/{{ID}}/revisions" id="compare"></form>
<table class="revisions">
<thead><tr><th scope="col">Revision</th><th scope="col">What</th><th scope="col">Who</th><th scope="col">When</th><th scope="col">From</th><th scope="col">To</th><th scope="col"></th></tr></thead>
<tbody>
{{#REVISION}}<tr>
<td>{{REV}}{{#CURRENT}} <strong>(current)</strong>{{/CURRENT}}</td>
<td>{{ACTION}}</td>
<td>{{EDITOR}}</td>
<td>{{WHEN}}</td>
<td><input type="radio" name="from" value="{{REV}}" form="compare" aria-label="Compare from revision {{REV}}"{{#FROM_CHECKED}} checked{{/FROM_CHECKED}}></td>
<td><input type="radio" name="to" value="{{REV}}" form="compare" aria-label="Compare to revision {{REV}}"{{#TO_CHECKED}} checked{{/TO_CHECKED}}></td>
<td>{{#RESTORABLE}}<form method="post" action="/admin/articles/{{ID}}/revisions/{{REV}}/restore">
<input type="hidden" name="csrf" value="{{CSRF}}">
<button type="submit">Restore revision {{REV}}</button>
</form>{{/RESTORABLE}}</td>
</tr>
{{/REVISION}}</tbody>
</table>
<p><button type="submit" form="compare">Compare</button></p>
{{#DIFF}}<section class="diff" aria-labelledby="diff-heading">
<h2 id="diff-heading">Changes from revision {{FROM}} to revision {{TO}}</h2>
{{#NO_CHANGES}}<p>The two revisions are the same.</p>
{{/NO_CHANGES}}<table class="diff-lines">
<tbody>
{{#LINE}}<tr class="{{CLASS}}"><td class="mark">{{MARK}}</td><td>{{TEXT}}</td></tr>
{{/LINE}}</tbody>
</table>
</section>
{{/DIFF}}</main>
{{>FOOTER}}
