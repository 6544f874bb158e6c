{{%AUTOESCAPE context="HTML"}}{{! A section page: stories newest first, with a pager. }}{{>HEAD}}
<body class="section-page">
{{>MASTHEAD}}
<main id="main" class="wrap">
<h1 class="section-title">{{SECTION_NAME}}</h1>
{{#EMPTY}}<p class="empty">No stories in this section yet.</p>
{{/EMPTY}}{{#STORIES}}<ol class="story-list">
{{#STORY}}<li class="summary">
{{#IMAGE}}{{#RESPONSIVE}}<img src="{{SRC}}" srcset="{{SRCSET}}" sizes="(min-width: 640px) 240px, calc(100vw - 2rem)" alt="{{IMAGE_ALT}}" loading="lazy">{{/RESPONSIVE}}{{#PLAIN_IMAGE}}<img src="{{IMAGE_URL}}" alt="{{IMAGE_ALT}}">{{/PLAIN_IMAGE}}
{{/IMAGE}}<h2><a href="{{URL}}">{{HEADLINE}}</a></h2>
<p>{{INTRO}}</p>
<p class="meta"><time datetime="{{TIME_ISO}}">{{AGE}}</time></p>
</li>
{{/STORY}}</ol>
{{/STORIES}}{{#PAGER}}<nav class="pager" aria-label="Pages">
{{#PREV}}<a rel="prev" href="{{URL}}">Newer stories</a>
{{/PREV}}<span class="page-of">Page {{PAGE}} of {{PAGES}}</span>
{{#NEXT}}<a rel="next" href="{{URL}}">Older stories</a>
{{/NEXT}}</nav>
{{/PAGER}}</main>
{{>FOOTER}}
