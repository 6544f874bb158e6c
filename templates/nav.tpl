{{%AUTOESCAPE context="HTML"}}{{! The section navigation, in the order editors gave the sections. }}<nav class="sections" aria-label="Sections">
<ul>
{{#NAV_ITEM}}<li><a href="{{URL}}"{{#CURRENT}} aria-current="page"{{/CURRENT}}>{{NAME}}</a></li>
{{/NAV_ITEM}}</ul>
</nav>
