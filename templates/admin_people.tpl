{{%AUTOESCAPE context="HTML"}}{{! People, for editors: the list and the form to add or edit one. }}{{>HEAD}}
<body class="admin admin-people">
{{>ADMIN_BAR}}
<main id="main" class="wrap">
<h1>People</h1>
{{#NOTICE}}<p class="notice" role="status">{{MESSAGE}}</p>
{{/NOTICE}}{{#ERROR}}<p class="form-error" role="alert">{{MESSAGE}}</p>
{{/ERROR}}<ul class="people-list">
{{#PERSON}}<li><a href="{{EDIT_URL}}">{{NAME}}</a> <span class="role">{{ROLE_TITLE}}</span> (<a href="{{PAGE_URL}}">page</a>)</li>
{{/PERSON}}</ul>
<h2>{{FORM_TITLE}}</h2>
<form method="post" action="{{FORM_ACTION}}" class="person-form">
<input type="hidden" name="csrf" value="{{CSRF}}">
<p><label for="person-name">Name</label> <input id="person-name" name="person_name" value="{{PERSON_NAME}}" maxlength="200" required></p>
<p><label for="person-slug">Slug</label> <input id="person-slug" name="person_slug" value="{{PERSON_SLUG}}" maxlength="100" pattern="[a-z0-9\-]*"> (empty: made from the name)</p>
<p><label for="person-role">Role title</label> <input id="person-role" name="person_role" value="{{PERSON_ROLE}}" maxlength="200" placeholder="BBC News, Jalalabad"></p>
<p><label for="person-bio">Short bio</label>
<textarea id="person-bio" name="person_bio" rows="4" cols="60" maxlength="2000">
{{PERSON_BIO:pre_escape}}</textarea></p>
<p><label for="person-portrait">Portrait address</label> <input id="person-portrait" name="person_portrait" value="{{PERSON_PORTRAIT}}" maxlength="2048" list="media-library"> (from the media library, or an address)</p>
<p><label for="person-user">User account</label> <input id="person-user" name="person_user" value="{{PERSON_USER}}" maxlength="64"> (optional: the editor's user name)</p>
<p><button type="submit" name="action" value="save">Save person</button></p>
</form>
</main>
{{>MEDIA_PICKER}}
{{>FOOTER}}
