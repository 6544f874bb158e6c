{{%AUTOESCAPE context="XML"}}{{! Readers take a description as HTML: text in one is escaped for HTML, then for XML. }}<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">
<channel>
<title>{{TITLE}}</title>
<link>{{HOME}}</link>
<description>The latest stories from {{TITLE:pre_escape:xml_escape}}</description>
<language>{{LANGUAGE}}</language>
<lastBuildDate>{{BUILD_DATE}}</lastBuildDate>
<generator>newsdesk</generator>
<atom:link href="{{SELF}}" rel="self" type="application/rss+xml"/>
{{#ENTRY}}<item>
<title>{{HEADLINE}}</title>
<link>{{URL}}</link>
<guid isPermaLink="false">{{ID}}</guid>
<pubDate>{{PUBDATE}}</pubDate>
<description>{{INTRO:pre_escape:xml_escape}}</description>
<category>{{SECTION_NAME}}</category>
</item>
{{/ENTRY}}</channel>
</rss>
