{{%AUTOESCAPE context="HTML"}}{{! The media picker: the library's images with alt text, offered to any image address field that names list="media-library". }}<datalist id="media-library">
{{#PICK}}<option value="{{REF_URL}}">{{ALT}}</option>
{{/PICK}}</datalist>
