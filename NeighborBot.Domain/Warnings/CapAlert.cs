using System.Globalization;
using System.Xml;
using System.Xml.Linq;

namespace NeighborBot.Warnings;

/// <summary>
/// A CAP 1.2 alert (OASIS Common Alerting Protocol), as much of it as warnings use: who sent it and
/// when, whether it is new, an update or a cancel (and of which earlier alerts), and per <c>info</c>
/// the event, its severity, the words for people and the areas (with their admin codes).
/// </summary>
public sealed record CapAlert(
    string Identifier,
    string Sender,
    DateTimeOffset Sent,
    string Status,
    string MsgType,
    IReadOnlyList<CapReference> References,
    IReadOnlyList<CapInfo> Infos)
{
    /// <summary>The alert's key among all senders' alerts: CAP identifiers are unique per sender.</summary>
    public string Key => CapReference.KeyOf(Sender, Identifier);
}

/// <summary>An earlier alert that an update or cancel refers to.</summary>
public sealed record CapReference(string Sender, string Identifier)
{
    public string Key => KeyOf(Sender, Identifier);

    public static string KeyOf(string sender, string identifier) => $"{sender},{identifier}";
}

/// <summary>One <c>info</c> block (CAP allows one per language).</summary>
public sealed record CapInfo(
    string? Language,
    string Event,
    CapSeverity Severity,
    string? Headline,
    string? Description,
    string? Instruction,
    DateTimeOffset? Expires,
    IReadOnlyList<CapArea> Areas);

/// <summary>An area: its description and its geocodes' values (such as the 6-digit admin code 410102).</summary>
public sealed record CapArea(string Description, IReadOnlyList<string> Codes);

/// <summary>CAP's severity, least to most; China's colour levels map to it (蓝 Minor, 黄 Moderate, 橙 Severe, 红 Extreme).</summary>
public enum CapSeverity
{
    Unknown,
    Minor,
    Moderate,
    Severe,
    Extreme,
}

/// <summary>The document is not CAP 1.2 this reader can use; the message says what is wrong (never the document).</summary>
public sealed class CapFormatException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Reads CAP 1.2 XML: a single <c>alert</c>, or any document holding several (a feed's list, an Atom
/// feed with the alerts inline). Severity is read from CAP's words and from China's colour words
/// (红色, 橙色, 黄色, 蓝色, Red, Orange, ...), in the severity element or the event's name.
/// </summary>
public static class CapParser
{
    public const string Namespace = "urn:oasis:names:tc:emergency:cap:1.2";
    private static readonly XNamespace Cap = Namespace;

    /// <summary>The document's alerts, in document order; alerts that lack a required part are skipped and named in <paramref name="problems"/>.</summary>
    /// <exception cref="CapFormatException">The document is not XML, or holds no CAP 1.2 alert.</exception>
    public static IReadOnlyList<CapAlert> Parse(string xml, List<string> problems)
    {
        XDocument document;
        try
        {
            // No DTDs: a feed is untrusted input (no entity expansion, no external fetches).
            using var reader = XmlReader.Create(new StringReader(xml), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
            document = XDocument.Load(reader);
        }
        catch (XmlException ex)
        {
            throw new CapFormatException($"not XML (line {ex.LineNumber}): {ex.Message}", ex);
        }

        var elements = document.Root?.Name == Cap + "alert" ? [document.Root] : document.Descendants(Cap + "alert").ToList();
        if (elements.Count == 0)
        {
            throw new CapFormatException($"no CAP 1.2 alert (root element '{document.Root?.Name.LocalName}', namespace '{document.Root?.Name.NamespaceName}')");
        }

        var alerts = new List<CapAlert>();
        foreach (var element in elements)
        {
            try
            {
                alerts.Add(Read(element));
            }
            catch (CapFormatException ex)
            {
                problems.Add(ex.Message);
            }
        }

        return alerts;
    }

    private static CapAlert Read(XElement alert)
    {
        var identifier = Required(alert, "identifier");
        var sender = Required(alert, "sender");
        var sentText = Required(alert, "sent");
        if (!DateTimeOffset.TryParse(sentText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var sent))
        {
            throw new CapFormatException($"alert {identifier}: 'sent' is not a time: {Clip(sentText)}");
        }

        var references = (Text(alert, "references") ?? string.Empty)
            .Split([' ', '\t', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries)
            .Select(triple => triple.Split(','))
            .Where(parts => parts.Length >= 2)
            .Select(parts => new CapReference(parts[0], parts[1]))
            .ToList();
        var infos = alert.Elements(Cap + "info").Select(info => ReadInfo(identifier, info)).ToList();
        return new CapAlert(identifier, sender, sent, Text(alert, "status") ?? "Actual", Text(alert, "msgType") ?? "Alert", references, infos);
    }

    private static CapInfo ReadInfo(string identifier, XElement info)
    {
        var name = Text(info, "event") ?? throw new CapFormatException($"alert {identifier}: an info without 'event'");
        var severity = SeverityOf(Text(info, "severity")) is var s && s != CapSeverity.Unknown ? s : SeverityOf(name);
        DateTimeOffset? expires = DateTimeOffset.TryParse(Text(info, "expires"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : null;
        var areas = info.Elements(Cap + "area")
            .Select(a => new CapArea(
                Text(a, "areaDesc") ?? string.Empty,
                [.. a.Elements(Cap + "geocode").Select(g => Text(g, "value")).OfType<string>()]))
            .ToList();
        return new CapInfo(Text(info, "language"), name, severity, Text(info, "headline"), Text(info, "description"), Text(info, "instruction"), expires, areas);
    }

    /// <summary>CAP's word, or a colour word in Chinese or English; Unknown otherwise.</summary>
    public static CapSeverity SeverityOf(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return CapSeverity.Unknown;
        }

        if (Enum.TryParse<CapSeverity>(text.Trim(), ignoreCase: true, out var word) && Enum.IsDefined(word))
        {
            return word;
        }

        return text switch
        {
            _ when text.Contains('红', StringComparison.Ordinal) || text.Contains("Red", StringComparison.OrdinalIgnoreCase) || text.Contains('Ⅰ', StringComparison.Ordinal) => CapSeverity.Extreme,
            _ when text.Contains('橙', StringComparison.Ordinal) || text.Contains("Orange", StringComparison.OrdinalIgnoreCase) || text.Contains('Ⅱ', StringComparison.Ordinal) => CapSeverity.Severe,
            _ when text.Contains('黄', StringComparison.Ordinal) || text.Contains("Yellow", StringComparison.OrdinalIgnoreCase) || text.Contains('Ⅲ', StringComparison.Ordinal) => CapSeverity.Moderate,
            _ when text.Contains('蓝', StringComparison.Ordinal) || text.Contains("Blue", StringComparison.OrdinalIgnoreCase) || text.Contains('Ⅳ', StringComparison.Ordinal) => CapSeverity.Minor,
            _ => CapSeverity.Unknown,
        };
    }

    /// <summary>The colour word of a severity, as China's warnings name them.</summary>
    public static string Colour(CapSeverity severity) => severity switch
    {
        CapSeverity.Extreme => "红色",
        CapSeverity.Severe => "橙色",
        CapSeverity.Moderate => "黄色",
        CapSeverity.Minor => "蓝色",
        _ => string.Empty,
    };

    private static string Required(XElement parent, string name) =>
        Text(parent, name) ?? throw new CapFormatException($"an alert without '{name}'");

    private static string? Text(XElement parent, string name) =>
        parent.Element(Cap + name)?.Value.Trim() is { Length: > 0 } value ? value : null;

    private static string Clip(string text) => text.Length > 40 ? text[..40] + "…" : text;
}
