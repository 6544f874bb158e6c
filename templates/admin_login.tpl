{{%AUTOESCAPE context="HTML"}}{{! The login form. }}{{>HEAD}}
<body class="admin admin-login">
{{>ADMIN_BAR}}
<main id="main" class="wrap narrow">
<h1>Log in</h1>
{{#MESSAGE}}<p class="form-error" role="alert">{{MESSAGE}}</p>
{{/MESSAGE}}<form method="post" action="/admin/login" class="login-form">
<p><label for="name">Name</label>
<input id="name" name="name" value="{{NAME}}" autocomplete="username" required maxlength="{{MAX_NAME}}" autofocus></p>
<p><label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required maxlength="{{MAX_PASSWORD}}"></p>
<p><button type="submit">Log in</button></p>
</form>
</main>
{{>FOOTER}}
