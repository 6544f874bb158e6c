{{%AUTOESCAPE context="HTML"}}{{! The article page and its print view, in the seed's order. }}{{>HEAD}}
<body class="{{#PRINT_VIEW}}print-view {{/PRINT_VIEW}}article-page">
{{>MASTHEAD}}
<main id="main" class="wrap">
{{#PREVIEW}}<p class="preview-banner" role="status">Preview: this is not saved. Close this tab to go back to the form.</p>
{{/PREVIEW}}<article class="story">
<p class="updated">Page last updated at <time datetime="{{UPDATED_ISO}}">{{UPDATED_GMT}}</time> <span class="local">{{UPDATED_LOCAL}}</span></p>
<p class="kicker"><a href="{{SECTION_URL}}">{{SECTION_NAME}}</a></p>
<h1>{{HEADLINE}}</h1>
{{#BYLINES}}<p class="bylines">By {{#BYLINE_PERSON}}{{SEPARATOR}}<a class="author" rel="author" href="{{URL}}">{{NAME}}</a>{{#ROLE}}<span class="role">, {{ROLE_TITLE}}</span>{{/ROLE}}{{/BYLINE_PERSON}}</p>
{{/BYLINES}}{{#LEAD_IMAGE}}<figure class="lead-image">
{{#PICTURE}}<picture>{{#AVIF}}<source type="image/avif" srcset="{{AVIF_SRCSET}}" sizes="{{SIZES}}">{{/AVIF}}<source type="image/webp" srcset="{{WEBP_SRCSET}}" sizes="{{SIZES}}"><img src="{{SRC}}" srcset="{{JPEG_SRCSET}}" sizes="{{SIZES}}" width="{{WIDTH}}" height="{{HEIGHT}}" alt="{{IMAGE_ALT}}"{{#EAGER}} fetchpriority="high"{{/EAGER}}{{#LAZY}} loading="lazy"{{/LAZY}}></picture>
{{/PICTURE}}{{#PLAIN}}<img src="{{IMAGE_URL}}" alt="{{IMAGE_ALT}}">
{{/PLAIN}}{{#CAPTION}}<figcaption>{{CAPTION}}{{#CREDIT}} <span class="credit">{{CREDIT}}</span>{{/CREDIT}}</figcaption>
{{/CAPTION}}</figure>
{{/LEAD_IMAGE}}<p class="intro">{{INTRO}}</p>
{{#BLOCK}}{{#PARAGRAPH}}<p>{{TEXT}}</p>
{{/PARAGRAPH}}{{! MARKUP: HTML that core/markup.c rendered with cmark from a checked tree; the one pre-escaped output. }}{{#MARKUP}}{{HTML:none}}{{/MARKUP}}{{#BOX}}<aside class="box">
{{#PORTRAIT}}{{#PICTURE}}<picture>{{#AVIF}}<source type="image/avif" srcset="{{AVIF_SRCSET}}" sizes="{{SIZES}}">{{/AVIF}}<source type="image/webp" srcset="{{WEBP_SRCSET}}" sizes="{{SIZES}}"><img class="portrait" src="{{SRC}}" srcset="{{JPEG_SRCSET}}" sizes="{{SIZES}}" width="{{WIDTH}}" height="{{HEIGHT}}" alt="{{NAME}}" loading="lazy"></picture>
{{/PICTURE}}{{#PLAIN}}<img class="portrait" src="{{IMAGE_URL}}" alt="{{NAME}}">
{{/PLAIN}}{{/PORTRAIT}}<p class="byline">{{BYLINE}}</p>
{{#BOX_TEXT}}{{#BOX_PARAGRAPH}}<p>{{TEXT}}</p>
{{/BOX_PARAGRAPH}}{{#MARKUP}}{{HTML:none}}{{/MARKUP}}{{/BOX_TEXT}}</aside>
{{/BOX}}{{#MEDIA}}<figure class="media">
<video controls preload="none" src="{{MEDIA_URL}}"{{#POSTER}} poster="{{POSTER_URL}}"{{/POSTER}}></video>
<figcaption>{{CAPTION}}</figcaption>
</figure>
{{/MEDIA}}{{/BLOCK}}{{#CORRECTIONS}}<section class="corrections" aria-label="Corrections and updates">
{{#NOTE}}<p class="note {{KIND}}"><strong>{{LABEL}}, <time datetime="{{TIME_ISO}}">{{WHEN}}</time>:</strong> {{TEXT}}</p>
{{/NOTE}}</section>
{{/CORRECTIONS}}<div class="story-tools">
{{#PRINT_LINK}}<a class="print" href="{{PRINT_URL}}">Print</a>
{{/PRINT_LINK}}{{#SPONSOR}}<p class="sponsor">{{#SPONSOR_LINK}}<a href="{{SPONSOR_URL}}" rel="sponsored noopener">{{SPONSOR}}</a>{{/SPONSOR_LINK}}{{#SPONSOR_TEXT}}{{SPONSOR}}{{/SPONSOR_TEXT}}</p>
{{/SPONSOR}}</div>
{{#TOPICS}}<nav class="topics" aria-label="Topics"><h2>Topics</h2>
<ul>
{{#TOPIC}}<li><a href="{{URL}}" rel="tag">{{NAME}}</a></li>
{{/TOPIC}}</ul>
</nav>
{{/TOPICS}}{{#RELATED}}<section class="related" aria-labelledby="related-heading">
<h2 id="related-heading">Related Internet links</h2>
<p class="disclaimer">The {{PUBLISHER}} is not responsible for the content of external internet sites</p>
<ul>
{{#LINK}}<li><span class="source">{{SOURCE}}</span> <a href="{{URL}}" rel="noopener">{{TITLE}}</a>{{#REGISTRATION}}<span class="registration" title="May require registration">*</span>{{/REGISTRATION}} - <time datetime="{{TIME_ISO}}">{{AGE}}</time></li>
{{/LINK}}</ul>
{{#REGISTRATION_NOTE}}<p class="footnote">* May require registration</p>
{{/REGISTRATION_NOTE}}</section>
{{/RELATED}}</article>
{{#PROMOS}}<section class="promos" aria-labelledby="promos-heading">
<h2 id="promos-heading">Features and analysis</h2>
<ul>
{{#PROMO}}<li><a href="{{URL}}">{{#IMAGE}}{{#RESPONSIVE}}<picture><source type="image/webp" srcset="{{WEBP_SRCSET}}" sizes="(min-width: 1024px) 300px, calc(100vw - 2rem)"><img src="{{SRC}}" srcset="{{SRCSET}}" sizes="(min-width: 1024px) 300px, calc(100vw - 2rem)" alt="" loading="lazy"></picture>{{/RESPONSIVE}}{{#PLAIN_IMAGE}}<img src="{{IMAGE_URL}}" alt="">{{/PLAIN_IMAGE}}{{/IMAGE}}<span>{{HEADLINE}}</span></a></li>
{{/PROMO}}</ul>
</section>
{{/PROMOS}}{{#PRINT_VIEW}}<p class="print-source">From {{SITE_NAME}}: <a href="{{ARTICLE_URL}}">{{ARTICLE_URL}}</a></p>
{{/PRINT_VIEW}}</main>
{{>FOOTER}}
