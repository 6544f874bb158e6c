{{%AUTOESCAPE context="HTML"}}{{! The document head shared by every page. }}<!DOCTYPE html>
<html lang="{{LANGUAGE}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{TITLE}}</title>
{{#CANONICAL}}<link rel="canonical" href="{{URL}}">
{{/CANONICAL}}{{#NOINDEX}}<meta name="robots" content="noindex">
{{/NOINDEX}}<link rel="stylesheet" href="/static/css/site.css">
{{#ADMIN}}<link rel="stylesheet" href="/static/css/admin.css">
{{/ADMIN}}
<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">
<link rel="alternate" type="application/atom+xml" title="{{SITE_NAME}}" href="/feeds/atom.xml">
<link rel="alternate" type="application/rss+xml" title="{{SITE_NAME}} (RSS)" href="/feeds/rss.xml">
{{#SECTION_FEED}}<link rel="alternate" type="application/atom+xml" title="{{SITE_NAME}}: this section" href="{{URL}}">
{{/SECTION_FEED}}{{#ARTICLE_META}}<meta name="description" content="{{DESCRIPTION}}">
<meta property="og:type" content="article">
<meta property="og:site_name" content="{{SITE_NAME}}">
<meta property="og:title" content="{{HEADLINE}}">
<meta property="og:description" content="{{DESCRIPTION}}">
<meta property="og:url" content="{{URL}}">
{{#IMAGE}}<meta property="og:image" content="{{IMAGE_URL}}">
<meta property="og:image:alt" content="{{IMAGE_ALT}}">
{{#IMAGE_SIZE}}<meta property="og:image:width" content="{{IMAGE_WIDTH}}">
<meta property="og:image:height" content="{{IMAGE_HEIGHT}}">
{{/IMAGE_SIZE}}{{/IMAGE}}<meta property="article:published_time" content="{{PUBLISHED}}">
<meta property="article:modified_time" content="{{MODIFIED}}">
<meta property="article:section" content="{{SECTION_NAME}}">
<meta name="twitter:card" content="{{TWITTER_CARD}}">
<meta name="twitter:title" content="{{HEADLINE}}">
<meta name="twitter:description" content="{{DESCRIPTION}}">
{{#IMAGE}}<meta name="twitter:image" content="{{IMAGE_URL}}">
{{/IMAGE}}<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle", "headline": "{{HEADLINE:json_escape}}", "description": "{{DESCRIPTION:json_escape}}", "mainEntityOfPage": "{{URL:json_escape}}", "url": "{{URL:json_escape}}",{{#IMAGE}} "image": [{"@type": "ImageObject", "url": "{{IMAGE_URL:json_escape}}"{{#IMAGE_SIZE}}, "width": {{IMAGE_WIDTH}}, "height": {{IMAGE_HEIGHT}}{{/IMAGE_SIZE}}}],{{/IMAGE}} "datePublished": "{{PUBLISHED:json_escape}}", "dateModified": "{{MODIFIED:json_escape}}", "articleSection": "{{SECTION_NAME:json_escape}}", "inLanguage": "{{LANGUAGE:json_escape}}", "author": {{#AUTHOR_ORGANIZATION}}{"@type": "Organization", "name": "{{PUBLISHER:json_escape}}"}{{/AUTHOR_ORGANIZATION}}{{#AUTHORS}}[{{#AUTHOR_PERSON}}{{#COMMA}}, {{/COMMA}}{"@type": "Person", "name": "{{NAME:json_escape}}", "url": "{{URL:json_escape}}"}{{/AUTHOR_PERSON}}]{{/AUTHORS}},{{#CORRECTIONS}} "correction": [{{#CORRECTION}}{{#COMMA}}, {{/COMMA}}{"@type": "CorrectionComment", "text": "{{TEXT:json_escape}}", "datePublished": "{{WHEN:json_escape}}"}{{/CORRECTION}}],{{/CORRECTIONS}} "publisher": {"@type": "Organization", "name": "{{PUBLISHER:json_escape}}"}}</script>
{{/ARTICLE_META}}
</head>
