{{%AUTOESCAPE context="HTML"}}{{! An author's or a topic's page: who or what, then stories newest first, with a pager. }}{{>HEAD}}
<body class="{{KIND}}-page">
{{>MASTHEAD}}
<main id="main" class="wrap">
<header class="owner">
{{#PERSON}}{{#PORTRAIT}}{{#PICTURE}}<picture class="portrait">{{#AVIF}}<source type="image/avif" srcset="{{AVIF_SRCSET}}" sizes="{{SIZES}}">{{/AVIF}}<source type="image/webp" srcset="{{WEBP_SRCSET}}" sizes="{{SIZES}}"><img class="portrait" src="{{SRC}}" srcset="{{JPEG_SRCSET}}" sizes="{{SIZES}}" width="{{WIDTH}}" height="{{HEIGHT}}" alt="{{NAME}}"></picture>
{{/PICTURE}}{{#PLAIN}}<img class="portrait" src="{{IMAGE_URL}}" alt="{{NAME}}">
{{/PLAIN}}{{/PORTRAIT}}{{/PERSON}}<h1 class="section-title">{{NAME}}</h1>
{{#PERSON}}{{#ROLE}}<p class="role">{{ROLE_TITLE}}</p>
{{/ROLE}}{{#BIO}}<p class="bio">{{BIO}}</p>
{{/BIO}}{{/PERSON}}<p class="feed"><a href="{{FEED_URL}}" type="application/atom+xml">Atom feed</a></p>
</header>
{{#EMPTY}}<p class="empty">No stories yet.</p>
{{/EMPTY}}{{#STORIES}}<ol class="story-list">
{{#STORY}}<li class="summary">
{{#IMAGE}}{{#RESPONSIVE}}<img src="{{SRC}}" srcset="{{SRCSET}}" sizes="(min-width: 640px) 240px, calc(100vw - 2rem)" alt="{{IMAGE_ALT}}" loading="lazy">{{/RESPONSIVE}}{{#PLAIN_IMAGE}}<img src="{{IMAGE_URL}}" alt="{{IMAGE_ALT}}">{{/PLAIN_IMAGE}}
{{/IMAGE}}<h2><a href="{{URL}}">{{HEADLINE}}</a></h2>
<p>{{INTRO}}</p>
<p class="meta"><a href="{{SECTION_URL}}">{{SECTION_NAME}}</a> <time datetime="{{TIME_ISO}}">{{AGE}}</time></p>
</li>
{{/STORY}}</ol>
{{/STORIES}}{{#PAGER}}<nav class="pager" aria-label="Pages">
{{#PREV}}<a rel="prev" href="{{URL}}">Newer stories</a>
{{/PREV}}<span class="page-of">Page {{PAGE}} of {{PAGES}}</span>
{{#NEXT}}<a rel="next" href="{{URL}}">Older stories</a>
{{/NEXT}}</nav>
{{/PAGER}}</main>
{{>FOOTER}}
