{{%AUTOESCAPE context="HTML"}}{{! The site header: brand, then the section navigation (not on print views). }}<header class="masthead">
<div class="wrap masthead-inner">
<a class="brand" href="/">{{SITE_NAME}}</a>
{{>NAV}}
</div>
</header>
