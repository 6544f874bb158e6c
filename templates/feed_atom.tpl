{{%AUTOESCAPE context="XML"}}<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{{LANGUAGE}}">
<title>{{TITLE}}</title>
<link rel="self" type="application/atom+xml" href="{{SELF}}"/>
<link rel="alternate" type="text/html" href="{{HOME}}"/>
<id>{{FEED_ID}}</id>
<updated>{{UPDATED}}</updated>
<author><name>{{PUBLISHER}}</name></author>
<generator>newsdesk</generator>
{{#ENTRY}}<entry>
<title type="text">{{HEADLINE}}</title>
<link rel="alternate" type="text/html" href="{{URL}}"/>
<id>{{ID}}</id>
<published>{{PUBLISHED}}</published>
<updated>{{UPDATED}}</updated>
<summary type="text">{{INTRO}}</summary>
<category term="{{SECTION_SLUG}}" label="{{SECTION_NAME}}"/>
</entry>
{{/ENTRY}}</feed>
