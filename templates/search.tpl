{{%AUTOESCAPE context="HTML"}}{{! Search: the form, then ranked results with the matches marked. }}{{>HEAD}}
<body class="search-page">
{{>MASTHEAD}}
<main id="main" class="wrap">
<h1>Search</h1>
<form class="search-form" method="get" action="/search" role="search">
<label for="q">Search the news</label>
<input id="q" name="q" type="search" value="{{QUERY}}" maxlength="{{MAX_Q}}">
<button type="submit">Search</button>
</form>
{{#PROBLEM}}<p class="form-error" role="alert">{{MESSAGE}}</p>
{{/PROBLEM}}{{#NO_TERMS}}<p class="empty">Type one or more words to search for.</p>
{{/NO_TERMS}}{{#NO_RESULTS}}<p class="empty">No stories match your search.</p>
{{/NO_RESULTS}}{{#RESULTS}}<p class="count">{{FOUND}}</p>
<ol class="story-list results">
{{#HIT}}<li class="summary">
<h2><a href="{{URL}}">{{HEADLINE}}</a></h2>
<p class="snippet">{{#PART}}{{#PLAIN}}{{TEXT}}{{/PLAIN}}{{#MARK}}<mark>{{TEXT}}</mark>{{/MARK}}{{/PART}}</p>
<p class="meta"><a href="{{SECTION_URL}}">{{SECTION_NAME}}</a> <time datetime="{{TIME_ISO}}">{{AGE}}</time></p>
</li>
{{/HIT}}</ol>
{{/RESULTS}}<nav class="pager" aria-label="Pages">
{{#PREV}}<a rel="prev" href="{{URL}}">Better matches</a>
{{/PREV}}{{#NEXT}}<a rel="next" href="{{URL}}">More results</a>
{{/NEXT}}</nav>
</main>
{{>FOOTER}}
