{{%AUTOESCAPE context="HTML"}}{{! Accounts, for admins: add one, change a role, disable or enable. }}{{>HEAD}}
<body class="admin admin-users">
{{>ADMIN_BAR}}
<main id="main" class="wrap">
<h1>Users</h1>
{{#NOTICE}}<p class="notice" role="status">{{MESSAGE}}</p>
{{/NOTICE}}{{#ERROR}}<p class="form-error" role="alert">{{MESSAGE}}</p>
{{/ERROR}}<p>Reporters write and submit their own drafts; editors publish and run sections, promos and the front page; admins also manage users and read the audit log. A disabled account's sessions end at once.</p>
<table class="users-table">
<thead><tr><th scope="col">Name</th><th scope="col">Role</th><th scope="col">State</th><th scope="col">Created</th><th scope="col"></th></tr></thead>
<tbody>
{{#USER}}<tr>
<td>{{NAME}}</td>
<td><form method="post" action="/admin/users" class="inline">
<input type="hidden" name="csrf" value="{{CSRF}}">
<input type="hidden" name="name" value="{{NAME}}">
<select name="role" aria-label="Role of {{NAME}}">
{{#ROLE_OPTION}}<option value="{{ROLE}}"{{#SELECTED}} selected{{/SELECTED}}>{{ROLE}}</option>
{{/ROLE_OPTION}}</select>
<button type="submit" name="action" value="role">Change role</button>
</form></td>
<td>{{STATE}}</td>
<td>{{CREATED}}</td>
<td><form method="post" action="/admin/users" class="inline">
<input type="hidden" name="csrf" value="{{CSRF}}">
<input type="hidden" name="name" value="{{NAME}}">
{{#CAN_DISABLE}}<button type="submit" name="action" value="disable">Disable</button>{{/CAN_DISABLE}}{{#CAN_ENABLE}}<button type="submit" name="action" value="enable">Enable</button>{{/CAN_ENABLE}}
</form></td>
</tr>
{{/USER}}</tbody>
</table>
<h2>Add a user</h2>
<form method="post" action="/admin/users" class="add-user">
<input type="hidden" name="csrf" value="{{CSRF}}">
<p><label for="new-name">Name</label> <input id="new-name" name="name" maxlength="{{MAX_NAME}}" autocomplete="off"></p>
<p><label for="new-password">Password <small>(8 to 1024 characters, not a common one)</small></label> <input id="new-password" name="password" type="password" maxlength="{{MAX_PASSWORD}}" autocomplete="new-password"></p>
<p><label for="new-role">Role</label> <select id="new-role" name="role">
{{#ROLE_OPTION}}<option value="{{ROLE}}"{{#SELECTED}} selected{{/SELECTED}}>{{ROLE}}</option>
{{/ROLE_OPTION}}</select></p>
<p><button type="submit" name="action" value="add">Add user</button></p>
</form>
</main>
{{>FOOTER}}
