/**
 * The text form of a scenario (format section 8): reads like C, converts to and from the JSON
 * document without loss, parseText(printText(doc)) deep-equals doc for every valid document.
 *
 * Grammar (docs/text-form.md has the long version):
 *
 *   text      := header* statement*            one statement a line, or several joined by ';'
 *   header    := '# ' TITLE                     the first non-blank line, when it is a comment
 *              | '#! ' NOTES-LINE               each line of notes; or one line holding a JSON string
 *              | 'machine' (KEY '=' VALUE)*     machine arch=arm64 pageSize=16384 mte=true
 *              | 'faultline' N                  only for a version other than the current one
 *   statement := prefix? (NAME '=')? CALL '(' args ')' ('=>' EXPECT)? ('#' NOTE)?
 *              | prefix? 'repeat' COUNT ('as' NAME)? '{' ('#' NOTE)? statement* '}'
 *   prefix    := '[' NAME ']'                   a process if NAME is main or an earlier fork's
 *                                               `as`, else a thread of the main process
 *              | '[' NAME? ':' NAME? ']'        [proc:thread], either side may be left out
 *   args      := positional (',' positional)* (',' NAME '=' value)*
 *   value     := JSON-STRING                    always a string ("aa", "4096", "p + 1")
 *              | BARE                           text up to ',' or ')' outside parentheses:
 *                                               a JSON number if it is one (4096), else the
 *                                               string it spells, verbatim (128K, p + 0x1000)
 *   NAME      := IDENT | JSON-STRING
 *   EXPECT    := name=value pairs, or braces (text-expect.ts)
 *
 * Positional arguments follow the kernel's order (calls.ts `positional`); an optional one left
 * out before a given one is spelled by its `absentAs` (mmap's addr: NULL). A comment after a
 * statement is its note; other comments are ignored. Notes, titles and names that would not
 * read back unchanged are written as JSON strings (a leading `"` marks one).
 */
export { printText } from './text-print';
export { parseText, parseTextWithPositions } from './text-parse';
