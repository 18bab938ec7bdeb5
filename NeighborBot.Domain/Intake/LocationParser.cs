using System.Text.RegularExpressions;

namespace NeighborBot.Intake;

/// <summary>
/// Reads where a problem is from normalised text: "3-2-501", "3#2-501", "3栋2单元501", "3号楼2单元501室",
/// "三号楼二单元五零一", "十二号楼", "二十三栋", "3幢", "2单元", "住1502", "3楼3单元" (a building when a unit follows),
/// and public places from a table ("东门", "地库" → "地下车库"). Floors ("六楼"), phone numbers, money, times,
/// dates and counts are not locations. A mention after "不是" is what the resident did not mean; a mention after
/// "我是/我住" is the resident's home and gives way to another building named in the same message.
/// </summary>
internal sealed partial class LocationParser
{
    private const int MaxBuilding = 199;
    private const int MaxUnit = 30;

    private readonly PhraseIndex<string?> _places;

    /// <param name="places">Normalised alias to the place name for the ticket; a null name hides the alias ("广场舞" is no square).</param>
    public LocationParser(IEnumerable<KeyValuePair<string, string?>> places)
    {
        _places = new PhraseIndex<string?>(places);
    }

    /// <summary>The location named in text[start..end), or null.</summary>
    public IntakeLocation? Parse(string text, int start, int end)
    {
        var home = new Mention();
        var chosen = new Mention();
        var neighbour = new Mention();
        List<(int Start, int End)>? taken = null;
        bool? leak = null;

        // A pattern runs only where it can match (most messages name no building, unit or room): its first run over
        // a message costs more than the rest of the parse, and skipping it changes nothing, as each test below is
        // something every match of the pattern holds.
        var range = text.AsSpan(start, end - start);
        if (FirstBuildingCue(range) is var building and >= 0)
        {
            Collect(MatchFrom(BuildingPattern(), text, start, end, building));
        }

        if (FirstUnitWord(range) is var unit and >= 0)
        {
            Collect(MatchFrom(UnitPattern(), text, start, end, unit));
        }

        if (FirstRoomCue(range) is var room and >= 0)
        {
            Collect(MatchFrom(RoomPattern(), text, start, end, room));
        }

        // "楼下901两口子天天吵 … 我住6-2-1001": the neighbour's flat is where the problem is, and the home gives its building.
        // A mention named as the problem's place comes first; the home fills in what it left out, in the same building.
        var picked = chosen;
        if (neighbour.Found)
        {
            picked = picked.Found ? Fill(picked, neighbour) : neighbour;
        }

        if (home.Found)
        {
            // "十一号楼顶上防水坏了 … 俺家是十一号楼二单元六零一".
            picked = picked.Found ? Fill(picked, home) : home;
        }

        var place = FindPlace(text, start, end);
        if (!picked.Found && place is null)
        {
            return null;
        }

        return new IntakeLocation(picked.Building, picked.Unit, picked.Room, place);

        void Collect(Match match)
        {
            for (; match.Success; match = match.NextMatch())
            {
                if (Overlaps(taken, match.Index, match.Index + match.Length))
                {
                    continue;
                }

                (taken ??= new List<(int Start, int End)>(2)).Add((match.Index, match.Index + match.Length));
                var mention = Read(match);
                if (mention.Room is not null && IsBesideRoom(text, match.Index + match.Length, end))
                {
                    // "14号楼2单元1701对门": the problem is at the flat beside the room, whose number is not given.
                    mention = mention with { Room = null, Found = mention.Building is not null || mention.Unit is not null };
                }

                if (!mention.Found || IsNegated(text, start, match.Index))
                {
                    continue;
                }

                var isNeighbour = match.Groups["n"].Success;

                // "楼上602漏水到我家": water from the neighbour's flat is a problem in the resident's home, not in the neighbour's.
                if (isNeighbour && (leak ??= text.AsSpan(start, end - start).IndexOfAny(LeakWords) >= 0))
                {
                    continue;
                }

                ref var slot = ref isNeighbour ? ref neighbour : ref match.Groups["h"].Success || IsHome(text, start, match.Index) ? ref home : ref chosen;
                var positioned = mention with { Position = match.Index };
                slot = !slot.Found ? positioned
                    : match.Index < slot.Position ? Fill(positioned, slot)
                    : Fill(slot, positioned);
            }
        }
    }

    private static bool Overlaps(List<(int Start, int End)>? taken, int start, int end)
    {
        if (taken is not null)
        {
            foreach (var t in taken)
            {
                if (t.Start < end && start < t.End)
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>No match of a pattern starts more than this before the cue its pre-check finds (at most 7 do).</summary>
    private const int CueLead = 12;

    /// <summary>
    /// The matches of <paramref name="pattern"/> in text[start..end). Over the whole text the search starts a little
    /// before <paramref name="cue"/> (the first place a match can hold, from the start of the range): no match starts
    /// earlier, and the characters before still count for what the pattern looks behind at. Over part of the text,
    /// where the pattern must see nothing outside the range, it searches the whole range.
    /// </summary>
    private static Match MatchFrom(Regex pattern, string text, int start, int end, int cue) =>
        start == 0 && end == text.Length
            ? pattern.Match(text, Math.Max(0, cue - CueLead))
            : pattern.Match(text, start, end - start);

    /// <summary>Where the first word of a unit ("单元", or "门洞" as some say it) stands in <paramref name="range"/>, or -1.</summary>
    private static int FirstUnitWord(ReadOnlySpan<char> range)
    {
        var (unit, door) = (range.IndexOf("单元", StringComparison.Ordinal), range.IndexOf("门洞", StringComparison.Ordinal));
        return unit < 0 || (door >= 0 && door < unit) ? door : unit;
    }

    /// <summary>Digits a building number is written in (group b of <see cref="BuildingPattern"/>).</summary>
    private static readonly System.Buffers.SearchValues<char> BuildingDigits = System.Buffers.SearchValues.Create("0123456789一二三四五六七八九十");

    /// <summary>The first character of every word that may follow a building number in <see cref="BuildingPattern"/>.</summary>
    private static readonly System.Buffers.SearchValues<char> BuildingWordStarts = System.Buffers.SearchValues.Create("-#/.号栋幢座楼杠");

    /// <summary>Chinese digits a room number is written in (group r of <see cref="RoomPattern"/>).</summary>
    private static readonly System.Buffers.SearchValues<char> RoomDigits = System.Buffers.SearchValues.Create("零〇幺一二三四五六七八九");

    /// <summary>
    /// Where in <paramref name="range"/> the first building word follows a building number, or -1 when
    /// <see cref="BuildingPattern"/> cannot match there: every match has a building number (a digit or 一…十) followed,
    /// after at most one space, by the first character of a building word, and starts at most four characters before it.
    /// </summary>
    private static int FirstBuildingCue(ReadOnlySpan<char> range)
    {
        for (var i = range.IndexOfAny(BuildingWordStarts); i >= 0; i = range[(i + 1)..].IndexOfAny(BuildingWordStarts) is var next and >= 0 ? i + 1 + next : -1)
        {
            if ((i >= 1 && BuildingDigits.Contains(range[i - 1])) || (i >= 2 && BuildingDigits.Contains(range[i - 2])))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>
    /// Where in <paramref name="range"/> the first three digits in a row end (ASCII ones or Chinese ones, 零〇幺一…九), or a
    /// door in ASCII digits after 楼 and a floor ("5楼01"); -1 when there is none, and <see cref="RoomPattern"/> cannot
    /// match. A match starts at most seven characters before (a cue word such as "楼上是 ", then the number).
    /// </summary>
    private static int FirstRoomCue(ReadOnlySpan<char> range)
    {
        var (ascii, chinese) = (0, 0);
        for (var i = 0; i < range.Length; i++)
        {
            var c = range[i];
            if (char.IsAsciiDigit(c))
            {
                (ascii, chinese) = (ascii + 1, 0);
                if (ascii == 3 || (i >= 2 && range[i - 1] == '楼' && char.IsAsciiDigit(range[i - 2])))
                {
                    return i;
                }
            }
            else
            {
                (ascii, chinese) = (0, RoomDigits.Contains(c) ? chinese + 1 : 0);
                if (chinese == 3)
                {
                    return i;
                }
            }
        }

        return -1;
    }

    private string? FindPlace(string text, int start, int end)
    {
        var span = text.AsSpan(0, end);
        for (var i = start; i < end;)
        {
            if (_places.TryMatchAt(span, i, out var entry))
            {
                if (entry.Value is not null && !IsNegated(text, start, i))
                {
                    return entry.Value;
                }

                i += entry.Phrase.Length;
            }
            else
            {
                i++;
            }
        }

        return null;
    }

    private static Mention Read(Match match)
    {
        var b = match.Groups["b"];
        var u = match.Groups["u"];
        var r = match.Groups["r"];
        int? building = null, unit = null;
        string? room = null;
        if (b.Success)
        {
            // "一栋楼的人" counts buildings; it names none.
            if (b.Value == "一" && match.Groups["bs"].Value == "栋楼")
            {
                return default;
            }

            building = ChineseNumerals.ParseNumber(b.ValueSpan) is { } n and >= 1 and <= MaxBuilding ? n : null;
            if (building is null)
            {
                return default;
            }
        }

        if (u.Success)
        {
            unit = ChineseNumerals.ParseNumber(u.ValueSpan) is { } n and >= 1 and <= MaxUnit ? n : null;
            if (unit is null && !b.Success)
            {
                return default;
            }
        }

        if (r.Success)
        {
            room = ChineseNumerals.ParseRoom(r.ValueSpan);

            // "六楼,602" is room 602; "六楼,302" names two places, and neither is sure.
            if (room is not null && match.Groups["f"] is { Success: true } f
                && !(ChineseNumerals.ParseNumber(f.ValueSpan) is { } level
                    && room.StartsWith(level.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
                    && room.Length == level.ToString(System.Globalization.CultureInfo.InvariantCulture).Length + 2))
            {
                room = null;
            }
        }
        else if (match.Groups["rf"] is { Success: true } floor)
        {
            // "5楼01" and "十二楼零二" are 501 and 1202; "5楼2号" and "十楼一号" (a floor and its door) are 502 and 1001.
            var door = match.Groups["rd"] is { Success: true } rd ? $"0{ChineseNumerals.ParseNumber(rd.ValueSpan)}" : match.Groups["rr"].Value;
            room = ChineseNumerals.ParseNumber(floor.ValueSpan) is { } level and >= 1 and <= 99
                ? ChineseNumerals.ParseRoom(string.Concat(level.ToString(System.Globalization.CultureInfo.InvariantCulture), door))
                : null;
        }

        if (!b.Success && !u.Success && room is null)
        {
            return default;
        }

        return new Mention(true, 0, building, unit, room);
    }

    /// <summary>Words for water coming into a home from above or beside it.</summary>
    private static readonly System.Buffers.SearchValues<string> LeakWords = System.Buffers.SearchValues.Create(
        ["漏水", "漏到", "漏进", "漏下", "漏了", "渗", "滴水", "往下冲", "往下流", "往下淌", "往下滴", "往下漏", "往我家流", "顶上滴"],
        StringComparison.Ordinal);

    /// <summary>
    /// Whether a room is followed by a word for the flat beside it, or names one side of a spot between two flats: at once ("1701对门", "三零一旁边那家") or after a few
    /// words that point from it ("我是1102 就在我对门", "我是301 她在我隔壁", "我是1102的 对门装修"), or, right after it, the flat
    /// above or below it ("3幢2-501楼上装修"; not water from there, which is a problem in the room named).
    /// </summary>
    private static bool IsBesideRoom(string text, int at, int end)
    {
        var after = text.AsSpan(at, end - at);
        if ((after.StartsWith("楼上", StringComparison.Ordinal) || after.StartsWith("楼下", StringComparison.Ordinal)) && text.AsSpan(0, end).IndexOfAny(LeakWords) < 0)
        {
            return true;
        }

        if (after.TrimStart(" ,") is [ '的' or '就' or '在' or '她' or '他' or '是', ..] pointing)
        {
            after = pointing.TrimStart(" ,的就在是我她他家");
        }

        return after.StartsWith("对门", StringComparison.Ordinal) || after.StartsWith("对面", StringComparison.Ordinal)
            || after.StartsWith("隔壁", StringComparison.Ordinal) || after.StartsWith("旁边", StringComparison.Ordinal)
            || BetweenRooms().IsMatch(after);
    }

    /// <summary>"401和402中间楼道的窗户": the spot between two flats, which is neither.</summary>
    [GeneratedRegex(@"^\s?[和跟与到]\s?(?:[0-9]{3,4}|[零〇幺一二三四五六七八九]{3,4})(?:室|号)?\s?(?:的?中间|之间)")]
    private static partial Regex BetweenRooms();

    private static bool IsNegated(string text, int start, int at) =>
        at - start >= 2 && (text.AsSpan(at - 2, 2) is "不是" or "不在");

    private static bool IsHome(string text, int start, int at)
    {
        var before = text.AsSpan(start, at - start).TrimEnd(' ');
        if (before.Length > 4)
        {
            before = before[^4..];
        }

        return before.EndsWith("我是", StringComparison.Ordinal) || before.EndsWith("我住", StringComparison.Ordinal)
            || before.EndsWith("住在", StringComparison.Ordinal) || before.EndsWith("家住", StringComparison.Ordinal)
            || before.EndsWith("我家在", StringComparison.Ordinal) || before.EndsWith("我家是", StringComparison.Ordinal);
    }

    /// <summary>
    /// The first mention with what a later one adds when they do not disagree: "三单元楼道 … 二十五号楼" is 25/3,
    /// "二十号楼一单元 俺家三零二" is 20/1/302; a mention of another building adds nothing.
    /// </summary>
    private static Mention Fill(Mention first, Mention more)
    {
        if (first.Building is { } b && more.Building is { } m && b != m)
        {
            return first;
        }

        if (first.Unit is { } u && more.Unit is { } mu && u != mu)
        {
            return first;
        }

        if (first.Room is not null && more.Room is not null)
        {
            // "我是九号楼二单元二零一 不对 是幺零一": a room named alone is in the building named with the other.
            return first.Building is null && first.Unit is null ? first with { Building = more.Building, Unit = more.Unit } : first;
        }

        return first with { Building = first.Building ?? more.Building, Unit = first.Unit ?? more.Unit, Room = first.Room ?? more.Room };
    }

    private readonly record struct Mention(bool Found, int Position, int? Building, int? Unit, string? Room);

    // A building number and its word, then optionally a unit and a room: 3号楼2单元501室, 3栋2-501, 3#2-501, 3-2-501,
    // 34-2楼道 (a building and its unit), 三杠二杠五零一 (dashes said aloud), 三号楼二单元五零一, 11号3单元902 (号 before a unit),
    // 3楼3单元 (a building only because a unit follows; "6楼" alone is a floor), 4/1/102, 5座2梯1503, 五栋二门洞, 3号201
    // (号 before a room), 3-501 (a building without units), 4#楼-2单元-501. A room may follow a floor
    // ("18栋2单元,六楼,602") or be said as floor and door ("十二楼零二", "5楼01").
    [GeneratedRegex("""
        (?<![0-9零〇一二三四五六七八九十]\s?[-~至到]\s?)
        (?<b>(?<![0-9])[0-9]{1,3}|(?<![0-9零〇一二三四五六七八九十百两])[一二三四五六七八九十]{1,3})\s?
        (?<bs>[-\#](?=[0-9]{1,2}(?![0-9\-.:/号点天个岁年月日次块元%层]|楼(?![道梯上下])))(?<u>[0-9]{1,2})(?:单元)?
           |号楼|号栋|号幢|栋楼|栋|幢|座(?!位)|\#(?:楼(?![道上下梯顶]))?
           |楼(?=\s?(?:[0-9]{1,2}|[一二三四五六七八九十]{1,3})\s?单元)
           |号(?<![月日]\s?[0-9一二三四五六七八九十]{1,3}号)(?=\s?(?:[0-9]{1,2}|[一二三四五六七八九十]{1,3})\s?(?:单元|门洞))
           |号(?<![月日]\s?[0-9]{1,3}号)(?=[0-9]{3,4}(?![0-9]))
           |杠(?=[0-9一二三四五六七八九十]{1,3}杠)
           |-(?=\s?[0-9]{1,2}\s?-\s?[0-9]{3,4}(?![0-9]))
           |-(?=[0-9]{3,4}(?![0-9\-.:/])(?!\s?(?:块|元|万|米|斤|个|人|岁|年|天|分|平|多|号)))
           |/(?=\s?[0-9]{1,2}\s?/\s?[0-9]{3,4}(?![0-9]))
           |\.(?=[0-9]{1,2}\.[0-9]{3,4}(?![0-9.])))
        (?:[\s,-]?(?<u>[0-9]{1,2}|[一二三四五六七八九十]{1,3}|两(?=单元))\s?
           (?:单元|门洞|洞(?![口里])|梯(?![子口间道])|门(?![口卫禁锁前后外里上下洞框])|[-/](?=\s?[0-9]{3,4}(?![0-9]))|\.(?=[0-9]{3,4}(?![0-9.]))|杠(?=[零〇幺一二三四五六七八九0-9]{3,4})))?
        (?:[\s,-]?(?:(?<f>[0-9]{1,2}|[一二三四五六七八九十]{1,3})楼[\s,]?)?(?<r>[0-9]{3,4}|[零〇幺一二三四五六七八九十百]{3,5})(?![0-9])(?:室|号|房|户)?
           |[\s,]?(?<rf>[0-9]{1,2}|[一二三四五六七八九十]{1,3})楼(?:(?<rr>[0-9]{2}|[零〇幺一二三四五六七八九]{2})(?![0-9零〇幺一二三四五六七八九十])|(?<rd>[1-9]|[一二三四五六七八九])号(?![楼0-9]))
           |的(?<r>[0-9]{3,4})(?![0-9])(?!\s?(?:块|元|万|个|人|次|米|斤|岁|年|天|分|点|平|多|层)))?
        """, RegexOptions.IgnorePatternWhitespace | RegexOptions.CultureInvariant)]
    private static partial Regex BuildingPattern();

    // A unit without a building: 2单元, 一单元, 2单元301.
    [GeneratedRegex("""
        (?<![0-9零〇一二三四五六七八九十百两])
        (?<u>[0-9]{1,2}|[一二三四五六七八九十]{1,3})\s?(?:单元|门洞)
        (?:[\s,]?(?<r>[0-9]{3,4}|[零〇幺一二三四五六七八九十百]{3,5})(?![0-9])(?:室|号|房|户)?)?
        """, RegexOptions.IgnorePatternWhitespace | RegexOptions.CultureInvariant)]
    private static partial Regex UnitPattern();

    // A room alone needs a cue: 住1502, 我家是501, 我是902 (the resident's home), 是902 (a room put right), 我在1602, 流进1802,
    // 501室, 一楼102 (its floor), 房号:502 (a form), 302,5号楼 (the room before its building), or a 幺 that only a number said aloud has
    // ("幺幺零二"; not 幺幺零, 幺幺九, 幺二零, 幺二二). A neighbour's flat (group n) is where the problem is when the
    // problem comes from it: "楼上602天天拖椅子", "隔壁是702", "从701飘出来的", "302那家传出来的", "敲了502的门".
    [GeneratedRegex("""
        (?<n>)(?:楼上|楼下|隔壁|对门)(?:是|的|家)?\s?(?<r>[0-9]{3,4}(?![0-9])|[零〇幺一二三四五六七八九]{3,4}(?![0-9零〇幺一二三四五六七八九十]))(?!\s?(?:块|元|万|个|人|次|米|斤|岁|年|号|天(?![花天])|分|点|平|户|多|楼))
        |(?<n>)从\s?(?<r>[0-9]{3,4}(?![0-9])|[零〇幺一二三四五六七八九]{3,4}(?![0-9零〇幺一二三四五六七八九十]))(?!\s?(?:块|元|万|个|人|次|米|斤|岁|年|号|天|分|点|平|户|多|楼|到|至|-))
        |(?<n>)(?<![0-9零〇幺一二三四五六七八九十百两])(?<r>[0-9]{3,4}|[零〇幺一二三四五六七八九]{3,4})(?=\s?(?:那家|那户|家(?:传|飘|冒)|传出|飘出|冒出))
        |(?<n>)敲了?\s?(?<r>[0-9]{3,4}|[零〇幺一二三四五六七八九]{3,4})的?(?:家的?)?门
        |(?<!楼上|楼下|对门|隔壁)(?:(?<h>我是)|(?<![不码号就也都])是|住在?|家是|家在|我家|我在|顶楼|流进|流到|漏进|漏到|灌进|淌进)\s?(?<r>[0-9]{3,4}(?![0-9])|[零〇幺一二三四五六七八九]{3,4}(?![0-9零〇幺一二三四五六七八九]))(?!\s?(?:块|元|万|个|人|次|米|斤|岁|年|号|天(?![花天])|分|点|平|户|多))
        |(?<![0-9])(?<rf>[0-9]{1,2})楼(?<rr>[0-9]{2})(?![0-9])
        |(?<![0-9零〇一二三四五六七八九十号])(?:[0-9]{1,2}|[一二三四五六七八九十]{1,3})楼\s?(?<r>[0-9]{3,4})(?![0-9])(?!\s?(?:块|元|万|个|人|次|米|斤|岁|年|号|天|分|点|平|户|多|楼|单元))
        |(?<![0-9]|楼上|楼下|对门|隔壁)(?<r>[0-9]{3,4})\s?(?:室|房间)
        |(?<![0-9零〇一二三四五六七八九十]\s?[-~至到]?\s?)(?<r>[0-9]{3,4})(?![0-9])(?=\s?,\s?[0-9]{1,2}\s?(?:号楼|栋|幢))
        |(?:房号|门牌号)\s?:?\s?(?<r>[0-9]{3,4})(?![0-9])
        |(?<![0-9零〇幺一二三四五六七八九十百两]|楼上|楼下|对门|隔壁)(?=[零〇一二三四五六七八九]{0,3}幺)
         (?!(?:幺幺[零九]|幺二[零二])(?![零〇幺一二三四五六七八九]))
         (?<r>[零〇幺一二三四五六七八九]{3,4})(?![0-9零〇幺一二三四五六七八九十百])(?!\s?(?:块|元|万|个|人|次|米|斤|岁|年|号|天(?![花天])|分|点|平|户|多))
        """, RegexOptions.IgnorePatternWhitespace | RegexOptions.CultureInvariant)]
    private static partial Regex RoomPattern();
}

/// <summary>Chinese numerals as residents and voice input write them: 十二, 二十三, 五零一, 幺零二, 两.</summary>
internal static class ChineseNumerals
{
    /// <summary>A number in Arabic or Chinese digits; "十二" is 12, "二十三" is 23, "一百零五" is 105, "五零一" is 501.</summary>
    public static int? ParseNumber(ReadOnlySpan<char> s)
    {
        if (s.IsEmpty)
        {
            return null;
        }

        if (int.TryParse(s, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var arabic))
        {
            return arabic;
        }

        if (s.ContainsAny('十', '百'))
        {
            int total = 0, current = 0;
            foreach (var c in s)
            {
                switch (c)
                {
                    case '十':
                        total += (current == 0 ? 1 : current) * 10;
                        current = 0;
                        break;
                    case '百':
                        total += current * 100;
                        current = 0;
                        break;
                    default:
                        var d = Digit(c);
                        if (d < 0)
                        {
                            return null;
                        }

                        current = d;
                        break;
                }
            }

            return total + current;
        }

        var value = 0;
        foreach (var c in s)
        {
            var d = Digit(c);
            if (d < 0)
            {
                return null;
            }

            value = (value * 10) + d;
        }

        return value;
    }

    /// <summary>A room number as digits ("五零一" → "501"), or null when it cannot be one.</summary>
    public static string? ParseRoom(ReadOnlySpan<char> s)
    {
        string digits;
        if (s.ContainsAny('十', '百'))
        {
            digits = ParseNumber(s)?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;
        }
        else
        {
            Span<char> buffer = stackalloc char[s.Length];
            for (var i = 0; i < s.Length; i++)
            {
                var d = char.IsAsciiDigit(s[i]) ? s[i] - '0' : Digit(s[i]);
                if (d < 0)
                {
                    return null;
                }

                buffer[i] = (char)('0' + d);
            }

            digits = new string(buffer);
        }

        return digits.Length is 3 or 4 && digits[0] != '0' ? digits : null;
    }

    private static int Digit(char c) => c switch
    {
        '零' or '〇' => 0,
        '一' or '幺' => 1,
        '二' or '两' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => -1,
    };
}
