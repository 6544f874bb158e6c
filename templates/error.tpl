{{%AUTOESCAPE context="HTML"}}{{! Every error page: the status in words and what to do next. }}{{>HEAD}}
<body class="error-page">
{{>MASTHEAD}}
<main id="main" class="wrap">
<h1>{{STATUS_TEXT}}</h1>
<p>{{MESSAGE}}</p>
<p><a href="/">Go to the {{SITE_NAME}} home page</a></p>
</main>
{{>FOOTER}}
