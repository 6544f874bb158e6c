{{%AUTOESCAPE context="HTML"}}{{! The home page: top stories, then each section's latest. }}{{>HEAD}}
<body class="home-page">
{{>MASTHEAD}}
<main id="main" class="wrap">
<h1 class="page-title">Top stories</h1>
{{#EMPTY}}<p class="empty">No stories have been published yet.</p>
{{/EMPTY}}{{#LEAD}}<article class="top-story">
{{#IMAGE}}{{#RESPONSIVE}}<img src="{{SRC}}" srcset="{{SRCSET}}" sizes="(min-width: 1100px) 640px, (min-width: 800px) 58vw, calc(100vw - 2rem)" alt="{{IMAGE_ALT}}">{{/RESPONSIVE}}{{#PLAIN_IMAGE}}<img src="{{IMAGE_URL}}" alt="{{IMAGE_ALT}}">{{/PLAIN_IMAGE}}
{{/IMAGE}}<div>
<h2><a href="{{URL}}">{{HEADLINE}}</a></h2>
<p>{{INTRO}}</p>
<p class="meta"><a href="{{SECTION_URL}}">{{SECTION_NAME}}</a> <time datetime="{{TIME_ISO}}">{{AGE}}</time></p>
</div>
</article>
{{/LEAD}}{{#TOP}}<ul class="top-list">
{{#STORY}}<li><h3><a href="{{URL}}">{{HEADLINE}}</a></h3>
<p class="meta"><a href="{{SECTION_URL}}">{{SECTION_NAME}}</a> <time datetime="{{TIME_ISO}}">{{AGE}}</time></p></li>
{{/STORY}}</ul>
{{/TOP}}<div class="digests">
{{#DIGEST}}<section class="digest">
<h2><a href="{{SECTION_URL}}">{{SECTION_NAME}}</a></h2>
<ul>
{{#STORY}}<li><a href="{{URL}}">{{HEADLINE}}</a> <time datetime="{{TIME_ISO}}">{{AGE}}</time></li>
{{/STORY}}</ul>
</section>
{{/DIGEST}}</div>
</main>
{{>FOOTER}}
