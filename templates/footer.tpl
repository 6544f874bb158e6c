{{%AUTOESCAPE context="HTML"}}{{! The page foot: the section navigation again, last on the page as in the seed. }}<footer class="site-footer">
<div class="wrap">
{{>NAV}}
</div>
</footer>
</body>
</html>
