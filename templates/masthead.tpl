{{%AUTOESCAPE context="HTML"}}{{! The site header: brand, then the section navigation (not on print views). }}<header class="masthead">
<div class="wrap masthead-inner">
<a class="brand" href="/">{{SITE_NAME}}</a>
{{>NAV}}
{{#SEARCH}}<form class="site-search" method="get" action="/search" role="search">
<label class="visually-hidden" for="site-q">Search</label>
<input id="site-q" name="q" type="search" placeholder="Search" maxlength="{{MAX_Q}}">
</form>
{{/SEARCH}}
</div>
</header>
