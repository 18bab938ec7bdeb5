using System.Globalization;
using System.Text;

namespace NeighborBot.Intake;

/// <summary>A message after normalisation, able to point back at the text as typed.</summary>
internal sealed class NormalizedText
{
    private readonly int[] _starts;

    /// <param name="starts">For each character of <paramref name="text"/> (at least), where it starts in <paramref name="source"/>.</param>
    public NormalizedText(string source, string text, int[] starts)
    {
        Source = source;
        Text = text;
        _starts = starts;
    }

    public string Source { get; }

    public string Text { get; }

    /// <summary>
    /// The typed text from normalised position <paramref name="start"/> up to normalised position <paramref name="next"/>
    /// (the end of the message when it is the length), with what was dropped in between (emoji) kept and the
    /// spaces and punctuation at both ends trimmed.
    /// </summary>
    public string Original(int start, int next)
    {
        if (start >= Text.Length)
        {
            return string.Empty;
        }

        var end = next >= Text.Length ? Source.Length : _starts[next];
        return Source.AsSpan(_starts[start], end - _starts[start]).Trim(Decorations).ToString();
    }

    private static ReadOnlySpan<char> Decorations => " \t\r\n,.!?;:~，。！？；：、…～";
}

/// <summary>
/// Turns what residents type into one plain form the rules are written in: full-width letters, digits and
/// punctuation become ASCII, emoji and decorations go, spaces collapse, Latin letters are lower case, traditional
/// characters become simplified (樓 → 楼, <see cref="TraditionalChinese"/>), and a correction table fixes voice-input
/// homophones (炉灯 → 路灯) and dialect (俺 → 我, 咋 → 怎么, 木有 → 没有).
/// </summary>
internal sealed class TextNormalizer
{
    /// <summary>Longer messages are cut: the first part says what the problem is, and the hot path stays bounded.</summary>
    /// <remarks>No labelled message is longer than 350 characters; a forwarded chain letter of 3,000 is read on its first 600.</remarks>
    public const int MaxLength = 600;

    // A correction is not applied right after a number or a building word ("0123456789零〇一二两三四五六七八九十百号栋幢#层"):
    // "3号楼水管" is not "3号漏水管".
    private static bool NoCorrectionAfter(char c) =>
        c is (>= '0' and <= '9') or '零' or '〇' or '一' or '二' or '两' or '三' or '四' or '五' or '六' or '七' or '八' or '九' or '十' or '百'
            or '号' or '栋' or '幢' or '#' or '层';

    /// <summary>Typos of the words that follow a number in an address ("4号楼1单远", "3好楼"): corrected after digits too.</summary>
    private static readonly HashSet<string> NumberSuffixes = new(StringComparer.Ordinal) { "单园", "单远", "好楼" };

    private readonly PhraseIndex<string> _corrections;

    public TextNormalizer(IReadOnlyDictionary<string, string> corrections)
    {
        _corrections = new PhraseIndex<string>(corrections
            .Select(c => KeyValuePair.Create(MapCharacters(c.Key), MapCharacters(c.Value)))
            .Where(c => c.Key.Length > 0 && c.Key != c.Value));
    }

    public NormalizedText Normalize(string? source)
    {
        source ??= string.Empty;
        if (source.Length > MaxLength)
        {
            source = source[..MaxLength];
        }

        var mapped = new Builder(source.Length);
        for (var i = 0; i < source.Length; i++)
        {
            var c = source[i];
            if (char.IsHighSurrogate(c) && i + 1 < source.Length && char.IsLowSurrogate(source[i + 1]))
            {
                // Outside the basic plane: emoji and pictographs go; rare CJK characters stay.
                if (char.ConvertToUtf32(c, source[i + 1]) < 0x1F000)
                {
                    mapped.Append(c, i);
                    mapped.Append(source[i + 1], i);
                }

                i++;
                continue;
            }

            if (c is >= '\u2460' and <= '\u2468')
            {
                // ① ② ... number a list: "①路灯坏了②垃圾没人收".
                mapped.Append(' ', i);
                mapped.Append((char)('1' + (c - '\u2460')), i);
                mapped.Append('.', i);
                continue;
            }

            var m = MapCharacter(c);
            if (m == ' ')
            {
                if (mapped.Length > 0 && mapped.Last != ' ')
                {
                    mapped.Append(' ', i);
                }
            }
            else if (m != '\0')
            {
                mapped.Append(m, i);
            }
        }

        mapped.TrimEnd();
        var corrected = ApplyCorrections(mapped);
        return new NormalizedText(source, corrected.ToString(), corrected.Starts);
    }

    /// <summary>Normalises a phrase from the rules or configuration the same way as a message.</summary>
    public string NormalizePhrase(string phrase) => Normalize(phrase).Text;

    /// <summary>The text with the corrections applied; <paramref name="mapped"/> itself when none applies (most messages).</summary>
    private Builder ApplyCorrections(Builder mapped)
    {
        var text = mapped.Span;
        Builder? result = null;
        var copied = 0;
        for (var i = 0; i < text.Length;)
        {
            if (_corrections.TryMatchAt(text, i, out var entry) && (i == 0 || !NoCorrectionAfter(text[i - 1]) || NumberSuffixes.Contains(entry.Phrase)))
            {
                result ??= new Builder(text.Length + 16);
                result.AppendRange(mapped, copied, i);
                var start = mapped.StartAt(i);
                foreach (var r in entry.Value)
                {
                    result.Append(r, start);
                }

                i += entry.Phrase.Length;
                copied = i;
            }
            else
            {
                i++;
            }
        }

        if (result is null)
        {
            return mapped;
        }

        result.AppendRange(mapped, copied, text.Length);
        return result;
    }

    private static string MapCharacters(string phrase)
    {
        var sb = new StringBuilder(phrase.Length);
        foreach (var c in phrase)
        {
            var m = MapCharacter(c);
            if (m is not '\0' and not ' ')
            {
                sb.Append(m);
            }
        }

        return sb.ToString();
    }

    /// <summary>One character in plain form: itself, a replacement, ' ' for a space, or '\0' to drop it.</summary>
    private static char MapCharacter(char c)
    {
        if (c is >= '\uFF01' and <= '\uFF5E')
        {
            c = (char)(c - 0xFEE0); // full-width ASCII
        }

        if (char.IsAsciiLetterUpper(c))
        {
            return char.ToLowerInvariant(c);
        }

        if (c is >= '\u4E00' and <= '\u9FFF')
        {
            // CJK Unified Ideographs, most of any message: all letters. The numerals of forms and receipts ("叁号楼") are
            // digits, where no other word has them (not 陆, 伍 or 拾: 大陆, 队伍, 拾到).
            return c switch
            {
                '壹' => '一',
                '贰' => '二',
                '叁' => '三',
                '肆' => '四',
                '柒' => '七',
                '捌' => '八',
                '玖' => '九',
                _ => TraditionalChinese.ToSimplified(c),
            };
        }

        if (c < 0x80)
        {
            return c switch
            {
                // A bracket parts what it holds from its neighbours ("1单元302（7号楼）" is no room 3027).
                '(' or ')' => ' ',
                '"' or '\'' or '[' or ']' or '<' or '>' or '{' or '}' or '`' or '*' or '^' or '_' or '|' or '\\' => '\0',
                _ when char.IsWhiteSpace(c) => ' ',
                _ when char.IsControl(c) => '\0',
                _ => c,
            };
        }

        switch (c)
        {
            case '\u3000':
                return ' ';
            case '。' or '…' or '·':
                return '.';
            case '、':
                return ',';
            case '〜':
                return '~';
            case '—' or '–' or '‐' or '‑' or '―' or '−':
                return '-';
            case '“' or '”' or '‘' or '’' or '「' or '」' or '『' or '』' or '《' or '》' or '【' or '】' or '〔' or '〕' or '〈' or '〉':
                return '\0';
        }

        if (char.IsWhiteSpace(c))
        {
            return ' ';
        }

        return CharUnicodeInfo.GetUnicodeCategory(c) switch
        {
            UnicodeCategory.OtherSymbol or UnicodeCategory.ModifierSymbol or UnicodeCategory.Format
                or UnicodeCategory.Control or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse
                or UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark => '\0',
            _ => c,
        };
    }

    /// <summary>Builds normalised text together with, for each character, where it starts in the typed text.</summary>
    private sealed class Builder(int capacity)
    {
        private char[] _text = new char[Math.Max(capacity, 16)];
        private int[] _starts = new int[Math.Max(capacity, 16)];

        public int Length { get; private set; }

        public char Last => _text[Length - 1];

        public ReadOnlySpan<char> Span => _text.AsSpan(0, Length);

        /// <summary>Where each character starts in the typed text (the array may run past <see cref="Length"/>).</summary>
        public int[] Starts => _starts;

        public int StartAt(int index) => _starts[index];

        public void Append(char c, int start)
        {
            if (Length == _text.Length)
            {
                Array.Resize(ref _text, Length * 2);
                Array.Resize(ref _starts, Length * 2);
            }

            _text[Length] = c;
            _starts[Length] = start;
            Length++;
        }

        /// <summary>Appends the characters <paramref name="from"/> to <paramref name="to"/> of another builder, with where they start.</summary>
        public void AppendRange(Builder other, int from, int to)
        {
            for (var i = from; i < to; i++)
            {
                Append(other._text[i], other._starts[i]);
            }
        }

        public void TrimEnd()
        {
            while (Length > 0 && _text[Length - 1] == ' ')
            {
                Length--;
            }
        }

        public override string ToString() => new(Span);
    }
}
