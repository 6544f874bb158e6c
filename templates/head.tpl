{{%AUTOESCAPE context="HTML"}}{{! The document head shared by every page. }}<!DOCTYPE html>
<html lang="en">
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
</head>
