package io.virtkit.hyperv.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Parses the WQL a WS-Man client sends in an Enumerate filter. Keywords are case-insensitive as in WMI; string
 * literals take single or double quotes with backslash escapes ({@code \\ \" \'}). Anything else is refused with
 * {@link WqlException}, which the endpoint answers with {@code w:CannotProcessFilter}.
 */
final class WqlParser {

    /** The text is no WQL the stand-in understands. */
    static final class WqlException extends RuntimeException {
        WqlException(String message) {
            super(message);
        }
    }

    private enum Kind { WORD, STRING, NUMBER, SYMBOL, END }

    private record Token(Kind kind, String text) {
        boolean is(String word) {
            return (kind == Kind.WORD || kind == Kind.SYMBOL) && text.equalsIgnoreCase(word);
        }
    }

    private final List<Token> tokens;
    private int next;

    private WqlParser(String text) {
        this.tokens = tokenize(text);
    }

    static WqlQuery parse(String text) {
        WqlParser parser = new WqlParser(text);
        WqlQuery query = parser.query();
        parser.expect(Kind.END);
        return query;
    }

    private WqlQuery query() {
        if (peek().is("SELECT")) {
            next++;
            expectSymbol("*");
            expectWord("FROM");
            String className = expect(Kind.WORD).text();
            WqlQuery.Condition where = null;
            if (peek().is("WHERE")) {
                next++;
                where = or();
            }
            return new WqlQuery.Select(className, where);
        }
        if (peek().is("ASSOCIATORS")) {
            next++;
            return associators();
        }
        if (peek().is("REFERENCES")) {
            next++;
            WqlQuery.Associators of = associators();
            if (of.assocClass() != null) {
                throw new WqlException("REFERENCES OF takes ResultClass, not AssocClass");
            }
            return new WqlQuery.References(of.className(), of.keys(), of.resultClass());
        }
        throw new WqlException("expected SELECT, ASSOCIATORS OF or REFERENCES OF");
    }

    private WqlQuery.Associators associators() {
        expectWord("OF");
        expectSymbol("{");
        String path = expect(Kind.WORD).text();
        int dot = path.indexOf('.');
        if (dot <= 0) {
            throw new WqlException("expected Class.Key=value in the object path");
        }
        String className = path.substring(0, dot);
        Map<String, String> keys = new LinkedHashMap<>();
        String key = path.substring(dot + 1);
        while (true) {
            expectSymbol("=");
            keys.put(key, literal());
            if (peek().is("}")) {
                next++;
                break;
            }
            expectSymbol(",");
            key = expect(Kind.WORD).text();
        }
        String assocClass = null;
        String resultClass = null;
        if (peek().is("WHERE")) {
            next++;
            while (peek().kind() == Kind.WORD) {
                Token clause = take();
                expectSymbol("=");
                String value = expect(Kind.WORD).text();
                if (clause.is("AssocClass") && assocClass == null) {
                    assocClass = value;
                } else if (clause.is("ResultClass") && resultClass == null) {
                    resultClass = value;
                } else {
                    throw new WqlException("unexpected " + clause.text());
                }
            }
        }
        return new WqlQuery.Associators(className, keys, assocClass, resultClass);
    }

    private WqlQuery.Condition or() {
        WqlQuery.Condition left = and();
        while (peek().is("OR")) {
            next++;
            left = new WqlQuery.Or(left, and());
        }
        return left;
    }

    private WqlQuery.Condition and() {
        WqlQuery.Condition left = primary();
        while (peek().is("AND")) {
            next++;
            left = new WqlQuery.And(left, primary());
        }
        return left;
    }

    private WqlQuery.Condition primary() {
        if (peek().is("(")) {
            next++;
            WqlQuery.Condition inner = or();
            expectSymbol(")");
            return inner;
        }
        String property = expect(Kind.WORD).text();
        Token op = take();
        boolean equal;
        if (op.is("=")) {
            equal = true;
        } else if (op.is("<>") || op.is("!=")) {
            equal = false;
        } else {
            throw new WqlException("expected = or <> after " + property);
        }
        return new WqlQuery.Comparison(property, equal, literal());
    }

    /** A string, number, TRUE/FALSE or NULL (returned as null). */
    private String literal() {
        Token t = take();
        switch (t.kind()) {
            case STRING, NUMBER:
                return t.text();
            case WORD:
                if (t.is("NULL")) {
                    return null;
                }
                if (t.is("TRUE") || t.is("FALSE")) {
                    return t.text().toLowerCase(Locale.ROOT);
                }
                break;
            default:
                break;
        }
        throw new WqlException("expected a literal, found " + t.text());
    }

    /** The next token, consumed unless it is the end (so a truncated query fails on what follows, not here). */
    private Token take() {
        Token t = tokens.get(next);
        if (t.kind() != Kind.END) {
            next++;
        }
        return t;
    }

    private Token peek() {
        return tokens.get(next);
    }

    private Token expect(Kind kind) {
        Token t = tokens.get(next);
        if (t.kind() != kind) {
            throw new WqlException("expected " + kind + ", found '" + t.text() + "'");
        }
        if (kind != Kind.END) {
            next++;
        }
        return t;
    }

    private void expectWord(String word) {
        if (!peek().is(word) || peek().kind() != Kind.WORD) {
            throw new WqlException("expected " + word + ", found '" + peek().text() + "'");
        }
        next++;
    }

    private void expectSymbol(String symbol) {
        if (!peek().is(symbol) || peek().kind() != Kind.SYMBOL) {
            throw new WqlException("expected " + symbol + ", found '" + peek().text() + "'");
        }
        next++;
    }

    private static List<Token> tokenize(String text) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '\'' || c == '"') {
                StringBuilder value = new StringBuilder();
                int j = i + 1;
                while (j < text.length() && text.charAt(j) != c) {
                    if (text.charAt(j) == '\\') {
                        if (j + 1 >= text.length()) {
                            break;
                        }
                        j++;
                    }
                    value.append(text.charAt(j++));
                }
                if (j >= text.length()) {
                    throw new WqlException("unterminated string literal");
                }
                out.add(new Token(Kind.STRING, value.toString()));
                i = j + 1;
            } else if (Character.isDigit(c) || (c == '-' && i + 1 < text.length()
                    && Character.isDigit(text.charAt(i + 1)))) {
                int j = i + 1;
                while (j < text.length() && (Character.isDigit(text.charAt(j)) || text.charAt(j) == '.')) {
                    j++;
                }
                out.add(new Token(Kind.NUMBER, text.substring(i, j)));
                i = j;
            } else if (Character.isLetter(c) || c == '_') {
                int j = i + 1;
                while (j < text.length() && (Character.isLetterOrDigit(text.charAt(j)) || text.charAt(j) == '_'
                        || text.charAt(j) == '.')) {
                    j++;
                }
                out.add(new Token(Kind.WORD, text.substring(i, j)));
                i = j;
            } else if (text.startsWith("<>", i) || text.startsWith("!=", i)) {
                out.add(new Token(Kind.SYMBOL, text.substring(i, i + 2)));
                i += 2;
            } else if ("*={},()".indexOf(c) >= 0) {
                out.add(new Token(Kind.SYMBOL, String.valueOf(c)));
                i++;
            } else {
                throw new WqlException("unexpected character '" + c + "'");
            }
        }
        out.add(new Token(Kind.END, "end of query"));
        return out;
    }
}
