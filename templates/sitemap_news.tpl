{{%AUTOESCAPE context="XML"}}<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
{{#URL}}<url>
<loc>{{LOC}}</loc>
<news:news>
<news:publication><news:name>{{PUBLICATION}}</news:name><news:language>{{LANGUAGE}}</news:language></news:publication>
<news:publication_date>{{PUBLISHED}}</news:publication_date>
<news:title>{{HEADLINE}}</news:title>
</news:news>
</url>
{{/URL}}</urlset>
