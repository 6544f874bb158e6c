{{%AUTOESCAPE context="HTML"}}{{! Sections, for admins: name, slug and order. }}{{>HEAD}}
<body class="admin admin-sections">
{{>ADMIN_BAR}}
<main id="main" class="wrap">
<h1>Sections</h1>
{{#NOTICE}}<p class="notice" role="status">{{MESSAGE}}</p>
{{/NOTICE}}{{#ERROR}}<p class="form-error" role="alert">{{MESSAGE}}</p>
{{/ERROR}}<p>Sections appear in the navigation in the order of their position. Changing a slug changes the addresses of its articles; the old ones keep working. An empty section can be deleted; a section merged into another moves its articles there, and its old addresses redirect.</p>
<table class="sections-table">
<thead><tr><th scope="col">Name</th><th scope="col">Slug</th><th scope="col">Position</th><th scope="col"></th><th scope="col">Delete or merge</th></tr></thead>
<tbody>
{{#SECTION}}<tr>
<td><input name="section_name" value="{{NAME}}" form="s{{ID}}" aria-label="Name of {{NAME}}" maxlength="{{MAX_SECTION_NAME}}"></td>
<td><input name="section_slug" value="{{SLUG}}" form="s{{ID}}" aria-label="Slug of {{NAME}}" maxlength="{{MAX_SECTION_SLUG}}"></td>
<td><input name="section_position" value="{{POSITION}}" form="s{{ID}}" aria-label="Position of {{NAME}}" inputmode="numeric" size="4" maxlength="{{MAX_SECTION_POSITION}}"></td>
<td><form method="post" action="/admin/sections" id="s{{ID}}">
<input type="hidden" name="csrf" value="{{CSRF}}">
<button type="submit" name="action" value="update:{{ID}}">Save</button>
</form></td>
<td><form method="post" action="/admin/sections" class="merge-section">
<input type="hidden" name="csrf" value="{{CSRF}}">
<button type="submit" name="action" value="delete:{{ID}}">Delete if empty</button>
<input name="section_into" aria-label="Merge {{NAME}} into (slug)" maxlength="{{MAX_SECTION_SLUG}}" size="12" placeholder="into (slug)">
<button type="submit" name="action" value="merge:{{ID}}">Merge</button>
</form></td>
</tr>
{{/SECTION}}</tbody>
</table>
<h2>Add a section</h2>
<form method="post" action="/admin/sections" class="add-section">
<input type="hidden" name="csrf" value="{{CSRF}}">
<p><label for="new-name">Name</label> <input id="new-name" name="section_name" maxlength="{{MAX_SECTION_NAME}}"></p>
<p><label for="new-slug">Slug</label> <input id="new-slug" name="section_slug" maxlength="{{MAX_SECTION_SLUG}}" pattern="[a-z0-9\-]+"></p>
<p><label for="new-position">Position</label> <input id="new-position" name="section_position" value="{{NEXT_POSITION}}" inputmode="numeric" size="4" maxlength="{{MAX_SECTION_POSITION}}"></p>
<p><button type="submit" name="action" value="add">Add section</button></p>
</form>
</main>
{{>FOOTER}}
