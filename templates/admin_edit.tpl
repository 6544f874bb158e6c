{{%AUTOESCAPE context="HTML"}}{{! The article form: every field a reader sees, blocks and links in order. A textarea's value starts on the line after its tag: HTML drops that first newline, not the text's own. }}{{>HEAD}}
<body class="admin admin-edit">
{{>ADMIN_BAR}}
<main id="main" class="wrap">
<h1>{{PAGE_TITLE}} <span class="status status-{{STATUS}}">{{STATUS}}</span></h1>
<p class="edit-links">{{#LIVE}}<a href="{{URL}}">View on the site</a> {{/LIVE}}{{#REVISIONS}}<a href="{{URL}}">Revisions</a>{{/REVISIONS}}</p>
{{#NOTICE}}<p class="notice" role="status">{{MESSAGE}}</p>
{{/NOTICE}}{{#CONFLICT}}<section class="conflict" aria-labelledby="conflict-heading">
<h2 id="conflict-heading">Someone else saved this article while you were editing</h2>
<p>{{THEIR_EDITOR}} saved revision {{THEIR_REVISION}} at {{THEIR_TIME}}. Nothing of yours was saved, and nothing is lost: their version is on the left, yours on the right and in the form below. Saving the form now replaces their version with yours (theirs stays in the revisions).</p>
<table class="side-by-side">
<thead><tr><th scope="col">Saved version</th><th scope="col">Your version</th></tr></thead>
<tbody>
{{#ROW}}<tr class="{{CLASS}}"><td>{{THEIRS}}</td><td>{{YOURS}}</td></tr>
{{/ROW}}</tbody>
</table>
</section>
{{/CONFLICT}}{{#PRESENCE}}<p class="presence" role="status">{{NAME}} is editing this (since {{SINCE}})</p>
{{/PRESENCE}}{{#IN_REVIEW}}<p class="review-state" role="status">In review: submitted by {{OWNER}} at {{WHEN}}.</p>
{{/IN_REVIEW}}{{#RETURNED}}<section class="returned" aria-labelledby="returned-heading">
<h2 id="returned-heading">Sent back by {{NOTE_BY}} at {{WHEN}}</h2>
<p class="review-note">{{NOTE}}</p>
</section>
{{/RETURNED}}{{#ERRORS}}<section class="form-errors" role="alert" aria-labelledby="errors-heading">
<h2 id="errors-heading">Nothing was saved: {{COUNT}} thing(s) to fix</h2>
<ul>
{{#ERROR}}<li>{{MESSAGE}}</li>
{{/ERROR}}</ul>
</section>
{{/ERRORS}}<form method="post" action="{{FORM_ACTION}}" class="article-form" data-draft-key="{{DRAFT_KEY}}" enctype="multipart/form-data">
<input type="hidden" name="csrf" value="{{CSRF}}">
<input type="hidden" name="base_revision" value="{{BASE_REVISION}}">
<div class="form-actions">
<button type="submit" name="action" value="save">Save</button>
<button type="submit" name="action" value="preview" formtarget="_blank">Preview</button>
{{#CAN_PUBLISH}}<button type="submit" name="action" value="publish">Publish</button>
{{/CAN_PUBLISH}}{{#CAN_SUBMIT}}<button type="submit" name="action" value="submit">Submit for review</button>
{{/CAN_SUBMIT}}{{#CAN_UNPUBLISH}}<button type="submit" name="action" value="unpublish">Unpublish</button>
{{/CAN_UNPUBLISH}}
</div>
{{#CAN_RETURN}}<fieldset class="send-back">
<legend>Send back to the reporter</legend>
<p><label for="note">What to change <small>(the reporter sees this note)</small></label>
<textarea id="note" name="note" rows="3" maxlength="{{MAX_NOTE}}">
{{NOTE:pre_escape}}</textarea>
{{#NOTE_ERROR}}<span class="field-error">{{MESSAGE}}</span>{{/NOTE_ERROR}}</p>
<p><button type="submit" name="action" value="return">Send back</button></p>
</fieldset>
{{/CAN_RETURN}}<fieldset>
<legend>Story</legend>
<p><label for="headline">Headline</label>
<input id="headline" name="headline" value="{{HEADLINE}}" maxlength="{{MAX_HEADLINE}}">
{{#HEADLINE_ERROR}}<span class="field-error">{{MESSAGE}}</span>{{/HEADLINE_ERROR}}</p>
<p><label for="slug">Slug <small>(the address; left empty, it is made from the headline)</small></label>
<input id="slug" name="slug" value="{{SLUG}}" maxlength="{{MAX_SLUG}}" pattern="[a-z0-9\-]*">
{{#SLUG_ERROR}}<span class="field-error">{{MESSAGE}}</span>{{/SLUG_ERROR}}</p>
<p><label for="section">Section</label>
<select id="section" name="section">
<option value="">Choose a section</option>
{{#SECTION_OPTION}}<option value="{{SLUG}}"{{#SELECTED}} selected{{/SELECTED}}>{{NAME}}</option>
{{/SECTION_OPTION}}</select>
{{#SECTION_ERROR}}<span class="field-error">{{MESSAGE}}</span>{{/SECTION_ERROR}}</p>
<p><label for="intro">Intro <small>(the bold first paragraph)</small></label>
<textarea id="intro" name="intro" rows="3">
{{INTRO:pre_escape}}</textarea>
{{#INTRO_ERROR}}<span class="field-error">{{MESSAGE}}</span>{{/INTRO_ERROR}}</p>
<p><label for="publish_at">Publish time <small>({{ZONE_LABEL}} time; empty: now when you publish; later: scheduled)</small></label>
<input id="publish_at" name="publish_at" type="datetime-local" value="{{PUBLISH_AT}}">
{{#PUBLISH_AT_ERROR}}<span class="field-error">{{MESSAGE}}</span>{{/PUBLISH_AT_ERROR}}</p>
</fieldset>
<fieldset>
<legend>Lead image</legend>
<p><label for="image_url">Address <small>(https://..., or one from the <a href="/admin/media" target="_blank">media library</a>)</small></label>
<input id="image_url" name="image_url" value="{{IMAGE_URL}}" maxlength="{{MAX_IMAGE_URL}}" list="media-library">
{{#IMAGE_URL_ERROR}}<span class="field-error">{{MESSAGE}}</span>{{/IMAGE_URL_ERROR}}</p>
<p><label for="image_file">Or upload a picture <small>(it joins the media library with this alt text and caption)</small></label>
<input id="image_file" name="file" type="file" accept="image/jpeg,image/png,image/webp,image/gif,image/heic,image/avif"></p>
<p><label for="image_alt">Alt text <small>(what the image shows)</small></label>
<input id="image_alt" name="image_alt" value="{{IMAGE_ALT}}" maxlength="{{MAX_IMAGE_ALT}}">
{{#IMAGE_ALT_ERROR}}<span class="field-error">{{MESSAGE}}</span>{{/IMAGE_ALT_ERROR}}</p>
<p><label for="image_caption">Caption</label>
<input id="image_caption" name="image_caption" value="{{IMAGE_CAPTION}}" maxlength="{{MAX_IMAGE_CAPTION}}">
{{#IMAGE_CAPTION_ERROR}}<span class="field-error">{{MESSAGE}}</span>{{/IMAGE_CAPTION_ERROR}}</p>
</fieldset>
<fieldset class="blocks">
<legend>Body</legend>
<ol>
{{#BLOCK}}<li class="block block-{{KIND}}">
<input type="hidden" name="bk" value="{{KIND}}">
{{#IS_PARAGRAPH}}<label for="bt{{INDEX}}">Paragraph {{NUMBER}}</label>
<textarea id="bt{{INDEX}}" name="bt" rows="4">
{{TEXT:pre_escape}}</textarea>
<input type="hidden" name="bi" value=""><input type="hidden" name="bn" value=""><input type="hidden" name="bb" value=""><input type="hidden" name="bm" value="">
{{/IS_PARAGRAPH}}{{#IS_BOX}}<p class="block-title">Box {{NUMBER}} <small>(a correspondent's box beside the story)</small></p>
<label for="bi{{INDEX}}">Portrait address</label><input id="bi{{INDEX}}" name="bi" value="{{IMAGE_URL}}" maxlength="{{MAX_BI}}" list="media-library">
<label for="bf{{INDEX}}">Or upload a portrait <small>(it joins the media library with the name as alt text)</small></label><input id="bf{{INDEX}}" name="bf{{INDEX}}" type="file" accept="image/jpeg,image/png,image/webp,image/gif,image/heic,image/avif">
<label for="bn{{INDEX}}">Name <small>(the portrait's alt text)</small></label><input id="bn{{INDEX}}" name="bn" value="{{NAME}}" maxlength="{{MAX_BN}}">
<label for="bb{{INDEX}}">Byline</label><input id="bb{{INDEX}}" name="bb" value="{{BYLINE}}" maxlength="{{MAX_BB}}">
<label for="bt{{INDEX}}">Paragraphs <small>(a blank line between them)</small></label>
<textarea id="bt{{INDEX}}" name="bt" rows="6">
{{TEXT:pre_escape}}</textarea>
<input type="hidden" name="bm" value="">
{{/IS_BOX}}{{#IS_MEDIA}}<p class="block-title">Media {{NUMBER}}</p>
<label for="bm{{INDEX}}">Video or audio address</label><input id="bm{{INDEX}}" name="bm" value="{{MEDIA_URL}}" maxlength="{{MAX_BM}}">
<label for="bi{{INDEX}}">Poster image address</label><input id="bi{{INDEX}}" name="bi" value="{{IMAGE_URL}}" maxlength="{{MAX_BI}}" list="media-library">
<label for="bf{{INDEX}}">Or upload a poster <small>(it joins the media library with the caption as alt text)</small></label><input id="bf{{INDEX}}" name="bf{{INDEX}}" type="file" accept="image/jpeg,image/png,image/webp,image/gif,image/heic,image/avif">
<label for="bt{{INDEX}}">Caption</label><textarea id="bt{{INDEX}}" name="bt" rows="2">
{{TEXT:pre_escape}}</textarea>
<input type="hidden" name="bn" value=""><input type="hidden" name="bb" value="">
{{/IS_MEDIA}}{{#BLOCK_ERROR}}<span class="field-error">{{MESSAGE}}</span>
{{/BLOCK_ERROR}}<span class="item-actions">
{{#NOT_FIRST}}<button type="submit" name="action" value="up_block:{{INDEX}}" aria-label="Move block {{NUMBER}} up">Up</button>
{{/NOT_FIRST}}{{#NOT_LAST}}<button type="submit" name="action" value="down_block:{{INDEX}}" aria-label="Move block {{NUMBER}} down">Down</button>
{{/NOT_LAST}}<button type="submit" name="action" value="remove_block:{{INDEX}}" aria-label="Remove block {{NUMBER}}">Remove</button>
</span>
</li>
{{/BLOCK}}</ol>
<p class="add-buttons">
<button type="submit" name="action" value="add_paragraph">Add paragraph</button>
<button type="submit" name="action" value="add_box">Add box</button>
<button type="submit" name="action" value="add_media">Add media</button>
</p>
</fieldset>
<fieldset>
<legend>Print and sponsor</legend>
<p><label for="sponsor">Sponsor slot text</label>
<input id="sponsor" name="sponsor" value="{{SPONSOR}}" maxlength="{{MAX_SPONSOR}}">
{{#SPONSOR_ERROR}}<span class="field-error">{{MESSAGE}}</span>{{/SPONSOR_ERROR}}</p>
<p><label for="sponsor_url">Sponsor link</label>
<input id="sponsor_url" name="sponsor_url" value="{{SPONSOR_URL}}" maxlength="{{MAX_SPONSOR_URL}}">
{{#SPONSOR_URL_ERROR}}<span class="field-error">{{MESSAGE}}</span>{{/SPONSOR_URL_ERROR}}</p>
</fieldset>
<fieldset class="links">
<legend>Related internet links</legend>
<ol>
{{#LINK}}<li class="link">
<label for="ls{{INDEX}}">Source</label><input id="ls{{INDEX}}" name="ls" value="{{SOURCE}}" maxlength="{{MAX_LS}}">
<label for="lt{{INDEX}}">Title</label><input id="lt{{INDEX}}" name="lt" value="{{TITLE}}" maxlength="{{MAX_LT}}">
<label for="lu{{INDEX}}">Address</label><input id="lu{{INDEX}}" name="lu" value="{{URL}}" maxlength="{{MAX_LU}}">
<label for="lp{{INDEX}}">Published <small>({{ZONE_LABEL}} time)</small></label><input id="lp{{INDEX}}" name="lp" type="datetime-local" value="{{TIME}}">
<label class="check"><input type="checkbox" name="lr" value="{{INDEX}}"{{#CHECKED}} checked{{/CHECKED}}> May require registration</label>
{{#LINK_ERROR}}<span class="field-error">{{MESSAGE}}</span>
{{/LINK_ERROR}}<span class="item-actions">
{{#NOT_FIRST}}<button type="submit" name="action" value="up_link:{{INDEX}}" aria-label="Move link {{NUMBER}} up">Up</button>
{{/NOT_FIRST}}{{#NOT_LAST}}<button type="submit" name="action" value="down_link:{{INDEX}}" aria-label="Move link {{NUMBER}} down">Down</button>
{{/NOT_LAST}}<button type="submit" name="action" value="remove_link:{{INDEX}}" aria-label="Remove link {{NUMBER}}">Remove</button>
</span>
</li>
{{/LINK}}</ol>
<p class="add-buttons"><button type="submit" name="action" value="add_link">Add link</button></p>
</fieldset>
<fieldset>
<legend>Promos</legend>
<p><label for="promos">Other stories to promote under this one <small>(addresses such as /news/europe/a-story, one a line; empty: the site's list)</small></label>
<textarea id="promos" name="promos" rows="4">
{{PROMOS:pre_escape}}</textarea>
{{#PROMOS_ERROR}}<span class="field-error">{{MESSAGE}}</span>{{/PROMOS_ERROR}}</p>
</fieldset>
<fieldset>
<legend>Bylines and topics</legend>
<p><label for="bylines">Bylines <small>(people's slugs, one a line, in order: <a href="/admin/people">People</a>)</small></label>
<textarea id="bylines" name="bylines" rows="2">
{{BYLINES:pre_escape}}</textarea>
{{#BYLINES_ERROR}}<span class="field-error">{{MESSAGE}}</span>{{/BYLINES_ERROR}}</p>
<p><label for="topics">Topics <small>(names, separated by commas; new ones are made: <a href="/admin/topics">Topics</a>)</small></label>
<input id="topics" name="topics" value="{{TOPICS}}" maxlength="1100">
{{#TOPICS_ERROR}}<span class="field-error">{{MESSAGE}}</span>{{/TOPICS_ERROR}}</p>
</fieldset>
<div class="form-actions">
<button type="submit" name="action" value="save">Save</button>
<button type="submit" name="action" value="preview" formtarget="_blank">Preview</button>
{{#CAN_PUBLISH}}<button type="submit" name="action" value="publish">Publish</button>
{{/CAN_PUBLISH}}{{#CAN_SUBMIT}}<button type="submit" name="action" value="submit">Submit for review</button>
{{/CAN_SUBMIT}}</div>
</form>
{{#NOTES}}<section class="notes">
<h2>Corrections and updates</h2>
<p>Readers see these at the end of the article, with their time; the article's "last updated" moves. A note is never edited: to change one, append another.</p>
{{#NOTE}}<p class="note"><strong>{{LABEL}}, {{WHEN}}:</strong> {{TEXT}}</p>
{{/NOTE}}<form method="post" action="{{NOTE_ACTION}}" class="note-form">
<input type="hidden" name="csrf" value="{{CSRF}}">
{{#NOTE_PROBLEM}}<p class="form-error" role="alert">{{MESSAGE}}</p>
{{/NOTE_PROBLEM}}<p><label for="note-kind">Kind</label> <select id="note-kind" name="note_kind"><option value="correction">Correction</option><option value="update"{{#UPDATE_SELECTED}} selected{{/UPDATE_SELECTED}}>Update</option></select></p>
<p><label for="note-text">Text</label>
<textarea id="note-text" name="note_text" rows="3" maxlength="2000" required>
{{NOTE_TEXT:pre_escape}}</textarea></p>
<p><button type="submit">Append note</button></p>
</form>
</section>
{{/NOTES}}</main>
{{>MEDIA_PICKER}}
{{>FOOTER}}
