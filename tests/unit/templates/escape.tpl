{{%AUTOESCAPE context="HTML"}}<p>{{TEXT}}</p><a href="{{URL}}" title="{{TEXT}}">x</a>
