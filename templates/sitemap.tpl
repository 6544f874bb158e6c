{{%AUTOESCAPE context="XML"}}<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
{{#PAGE}}<url><loc>{{LOC}}</loc>{{#LASTMOD}}<lastmod>{{WHEN}}</lastmod>{{/LASTMOD}}</url>
{{/PAGE}}{{#URL}}<url><loc>{{LOC}}</loc><lastmod>{{LASTMOD}}</lastmod></url>
{{/URL}}</urlset>
