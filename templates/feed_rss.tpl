{{%AUTOESCAPE context="XML"}}<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">
<channel>
<title>{{TITLE}}</title>
<link>{{HOME}}</link>
<description>The latest stories from {{TITLE}}</description>
<language>{{LANGUAGE}}</language>
<lastBuildDate>{{BUILD_DATE}}</lastBuildDate>
<generator>newsdesk</generator>
<atom:link href="{{SELF}}" rel="self" type="application/rss+xml"/>
{{#ENTRY}}<item>
<title>{{HEADLINE}}</title>
<link>{{URL}}</link>
<guid isPermaLink="false">{{ID}}</guid>
<pubDate>{{PUBDATE}}</pubDate>
<description>{{INTRO}}</description>
<category>{{SECTION_NAME}}</category>
</item>
{{/ENTRY}}</channel>
</rss>
