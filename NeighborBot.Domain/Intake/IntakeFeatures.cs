using System.Buffers;

namespace NeighborBot.Intake;

/// <summary>
/// What the learned model sees of a message, written once for the trainer and the service alike: the character
/// 1-, 2- and 3-grams of the normalised text (digits folded to 0, so "501" and "302" look the same), and what the rules
/// read (their score per category, the intent, an urgent hazard, whether a place was named). The n-grams of a message
/// count once each and share a unit norm, so a long message weighs no more than a short one; rule features keep their
/// values, so the model learns how far to trust each rule.
/// </summary>
internal static class IntakeFeatures
{
    /// <summary>The model reads at most this many characters of the normalised text: the first part says what the message is about.</summary>
    public const int MaxChars = 400;

    public const int MaxGram = 3;

    /// <summary>Rule features start with a character no message holds after normalisation.</summary>
    public const char RuleMark = '\u0001';

    /// <summary>The highest rule score that still adds information; more is the same.</summary>
    private const int MaxScore = 9;

    private static readonly string[] CategoryScoreKeys = [.. IntakeCategories.All.Select(c => $"{RuleMark}score:{c}")];
    private static readonly string[] CategoryBestKeys = [.. IntakeCategories.All.Select(c => $"{RuleMark}best:{c}"), $"{RuleMark}best:other"];
    private static readonly string[] IntentKeys = [.. Enum.GetNames<IntakeIntent>().Select(i => $"{RuleMark}intent:{i}")];
    private static readonly string[] SignalKeys = [.. Enum.GetValues<IntakeSignal>().Where(s => s != IntakeSignal.None).Select(s => $"{RuleMark}signal:{s}")];
    private static readonly IntakeSignal[] SignalValues = [.. Enum.GetValues<IntakeSignal>().Where(s => s != IntakeSignal.None)];
    private static readonly string UrgentKey = $"{RuleMark}urgent";
    private static readonly string HomeKey = $"{RuleMark}home";
    private static readonly string PlaceKey = $"{RuleMark}place";
    private static readonly string ManyKey = $"{RuleMark}problems:many";
    private static readonly string[] LengthKeys = [$"{RuleMark}length:short", $"{RuleMark}length:medium", $"{RuleMark}length:long"];

    /// <summary>Called once per n-gram (the same n-gram may come more than once).</summary>
    public delegate void GramAction<TState>(ref TState state, scoped ReadOnlySpan<char> gram)
        where TState : allows ref struct;

    /// <summary>Called once per rule feature with its value.</summary>
    public delegate void RuleAction<TState>(ref TState state, string key, float value)
        where TState : allows ref struct;

    /// <summary>Every 1..<see cref="MaxGram"/>-gram of the first <see cref="MaxChars"/> characters; spaces and punctuation end a run.</summary>
    public static void Grams<TState>(ReadOnlySpan<char> normalized, ref TState state, GramAction<TState> onGram)
        where TState : allows ref struct
    {
        var length = Math.Min(normalized.Length, MaxChars);
        var rented = length > 256 ? ArrayPool<char>.Shared.Rent(length) : null;
        var folded = rented is null ? stackalloc char[length] : rented.AsSpan(0, length);
        for (var i = 0; i < length; i++)
        {
            var c = normalized[i];
            folded[i] = char.IsAsciiDigit(c) ? '0' : c;
        }

        for (var i = 0; i < length;)
        {
            if (IsBreak(folded[i]))
            {
                i++;
                continue;
            }

            var end = i;
            while (end < length && !IsBreak(folded[end]))
            {
                end++;
            }

            for (var s = i; s < end; s++)
            {
                for (var n = 1; n <= MaxGram && s + n <= end; n++)
                {
                    onGram(ref state, folded.Slice(s, n));
                }
            }

            i = end;
        }

        if (rented is not null)
        {
            ArrayPool<char>.Shared.Return(rented);
        }
    }

    /// <summary>
    /// The same n-grams as <see cref="Grams"/>, each packed into a number (<see cref="GramTable.Pack"/>), written to
    /// <paramref name="keys"/> (room for three per character read); returns how many. The model's hot path: no
    /// callback, no copy of the text.
    /// </summary>
    public static int GramKeys(ReadOnlySpan<char> normalized, Span<ulong> keys)
    {
        var length = Math.Min(normalized.Length, MaxChars);
        var text = normalized[..length];
        var count = 0;
        for (var i = 0; i < length;)
        {
            if (IsBreak(text[i]))
            {
                i++;
                continue;
            }

            var end = i;
            while (end < length && !IsBreak(text[end]))
            {
                end++;
            }

            // Rolling: the 1-, 2- and 3-gram starting at s from the characters at s, s+1, s+2.
            for (var s = i; s < end; s++)
            {
                ulong c0 = Fold(text[s]);
                keys[count++] = (1UL << 48) | c0;
                if (s + 1 < end)
                {
                    ulong c1 = Fold(text[s + 1]);
                    keys[count++] = (2UL << 48) | (c0 << 16) | c1;
                    if (s + 2 < end)
                    {
                        keys[count++] = (3UL << 48) | (c0 << 32) | (c1 << 16) | Fold(text[s + 2]);
                    }
                }
            }

            i = end;
        }

        return count;

        static char Fold(char c) => char.IsAsciiDigit(c) ? '0' : c;
    }

    /// <summary>What the rules read, as named features.</summary>
    public static void Rules<TState>(RuleReading reading, ref TState state, RuleAction<TState> onRule)
        where TState : allows ref struct
    {
        for (var c = 0; c < reading.Scores.Length; c++)
        {
            if (reading.Scores[c] > 0)
            {
                onRule(ref state, CategoryScoreKeys[c], Math.Min(reading.Scores[c], MaxScore) / 3f);
            }
        }

        var result = reading.Result;
        onRule(ref state, result.IsTicket ? CategoryBestKeys[IntakeRules.IndexOf(result.Category)] : CategoryBestKeys[^1], 1f);
        onRule(ref state, IntentKeys[(int)result.Intent], 1f);
        for (var s = 0; s < SignalValues.Length; s++)
        {
            if (reading.Signals.HasFlag(SignalValues[s]))
            {
                onRule(ref state, SignalKeys[s], 1f);
            }
        }

        if (result.Problems.FirstOrDefault(p => p.Urgent) is { Hazard: { } hazard })
        {
            onRule(ref state, UrgentKey, 1f);
            onRule(ref state, HazardKey(hazard), 1f);
        }

        if (result.Location is { } location)
        {
            onRule(ref state, location.Building is not null || location.Room is not null ? HomeKey : PlaceKey, 1f);
        }

        if (result.Problems.Count > 1)
        {
            onRule(ref state, ManyKey, 1f);
        }

        // Whether the danger is happening now, is over, is hearsay or only feared: words a linear model needs paired with the danger.
        var aspects = AspectsOf(reading.Text.Text);
        var danger = reading.Danger is not null;
        if (danger)
        {
            onRule(ref state, DangerKey, 1f);
        }

        for (var a = 0; a < AspectNames.Length; a++)
        {
            if ((aspects & (1 << a)) != 0)
            {
                onRule(ref state, AspectKeys[a], 1f);
                if (danger)
                {
                    onRule(ref state, DangerAspectKeys[a], 1f);
                }
            }
        }

        onRule(ref state, LengthKeys[reading.Text.Text.Length switch { <= 8 => 0, <= 60 => 1, _ => 2 }], 1f);
    }

    private static readonly string DangerKey = $"{RuleMark}danger";
    private static readonly string[] AspectNames = ["now", "past", "hearsay", "suppose", "over", "plea"];
    private static readonly string[] AspectKeys = [.. AspectNames.Select(a => $"{RuleMark}aspect:{a}")];
    private static readonly string[] DangerAspectKeys = [.. AspectNames.Select(a => $"{RuleMark}danger+{a}")];

    /// <summary>Words that tell when a danger is, by aspect (the order of <see cref="AspectNames"/>).</summary>
    private static readonly PhraseIndex<int> Aspects = new(new[]
    {
        "现在 正在 这会儿 这会 此刻 还在 一直在 正往 刚刚 刚才 就现在 眼下 马上 赶紧 快来 快点 快派 越来越 不停 还没 等着",
        "昨天 昨晚 昨儿 夜儿个 夜个 前天 前几天 上周 上礼拜 上个月 上回 上次 之前 去年 那天 那次 当时 以前 早就 后来",
        "听说 据说 听人说 新闻 网上 朋友圈 群里说 有人说 别的小区",
        "万一 如果 要是 假如 一旦 会不会 怕 担心 迟早 早晚 怎么跑 跑不了 跑不出去 可能会 容易",
        "已经好了 没事了 没了 灭了 找到了 回来了 不冒了 停了 修好了 挂了 拦下了 没给 没转 没说",
        "救命 快来人 来人啊 求求 帮帮 报警 110 119 120 !!",
    }.SelectMany((words, aspect) => IntakeRules.Phrases(words).Select(w => KeyValuePair.Create(w, 1 << aspect)))
     .GroupBy(p => p.Key, StringComparer.Ordinal).Select(g => KeyValuePair.Create(g.Key, g.Aggregate(0, (a, p) => a | p.Value))));

    private static int AspectsOf(string text)
    {
        var found = 0;
        var length = Math.Min(text.Length, MaxChars);
        var span = text.AsSpan(0, length);
        for (var i = 0; i < length; i++)
        {
            if (Aspects.TryMatchAt(span, i, out var entry))
            {
                found |= entry.Value;
            }
        }

        return found;
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> HazardKeys = new(StringComparer.Ordinal);

    private static string HazardKey(string hazard) => HazardKeys.GetOrAdd(hazard, static h => $"{RuleMark}hazard:{h}");

    private static bool IsBreak(char c) => c is ' ' or ',' or '.' or '!' or '?' or ';' or ':' or '~';
}
