using System.Diagnostics.CodeAnalysis;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using System.Text.Unicode;
using NeighborBot.Directory;

namespace NeighborBot.Api.Directory;

/// <summary>
/// The directory as admins write and read it (shared/design/interfaces.md): any field order, unknown
/// fields ignored, trailing commas, comments and numbers in quotes accepted; written with
/// <c>openid</c>, readable Chinese and without empty lists that mean nothing for a role.
/// </summary>
internal static class DirectoryJson
{
    public static readonly JsonSerializerOptions Options = new(DirectoryJsonContext.Default.Options)
    {
        TypeInfoResolver = DirectoryJsonContext.Default.WithAddedModifier(Shape),
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
    };

    public static JsonTypeInfo<DirectoryDocument> Document { get; } = (JsonTypeInfo<DirectoryDocument>)Options.GetTypeInfo(typeof(DirectoryDocument));

    /// <summary>Reads a directory from UTF-8 JSON; <paramref name="error"/> says where it is broken, without exception text.</summary>
    public static bool TryRead(ReadOnlySpan<byte> utf8, [NotNullWhen(true)] out DirectoryDocument? document, [NotNullWhen(false)] out string? error)
    {
        if (utf8.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            utf8 = utf8[3..];
        }

        document = null;
        error = null;
        try
        {
            if (JsonSerializer.Deserialize(utf8, Document) is { } read)
            {
                document = Normalize(read);
                return true;
            }
        }
        catch (JsonException ex)
        {
            var path = ex.Path is { Length: > 1 } p ? $", at {p.TrimStart('$').TrimStart('.')}" : string.Empty;
            error = ex.LineNumber is { } line
                ? $"The body is not a valid directory in JSON: look at line {line + 1}, position {ex.BytePositionInLine + 1}{path}."
                : $"The body is not a valid directory in JSON{path}.";
            return false;
        }

        error = "The body is empty: send the directory as JSON, {\"communities\": [...], \"grids\": [...], \"households\": [...], \"people\": [...]}.";
        return false;
    }

    /// <summary>
    /// Trims every text, turns a missing list or entry into an empty one and an empty optional text
    /// into none, so that validation names what is missing instead of failing on a null.
    /// </summary>
    public static DirectoryDocument Normalize(DirectoryDocument d) => new()
    {
        Communities = [.. (d.Communities ?? []).Select(c => c is null ? new Community() : c with { Id = Text(c.Id), Name = Text(c.Name) })],
        Grids = [.. (d.Grids ?? []).Select(g => g is null ? new Grid() : g with
        {
            Id = Text(g.Id),
            Community = Text(g.Community),
            Name = Text(g.Name),
            Buildings = g.Buildings ?? [],
        })],
        Households = [.. (d.Households ?? []).Select(h => h is null ? new Household() : h with
        {
            Id = Text(h.Id),
            Room = Text(h.Room),
            Tags = Texts(h.Tags),
        })],
        People = [.. (d.People ?? []).Select(p => p is null ? new Person() : p with
        {
            Id = Text(p.Id),
            Name = Text(p.Name),
            Phone = Optional(p.Phone),
            OpenId = Optional(p.OpenId),
            Department = Optional(p.Department),
            Roles = Texts(p.Roles),
            Grids = Texts(p.Grids),
            Households = Texts(p.Households),
        })],
    };

    private static string Text(string? s) => s?.Trim() ?? string.Empty;

    private static string? Optional(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private static List<string> Texts(List<string>? list) => list is null ? [] : [.. list.Select(Text)];

    /// <summary>interfaces.md spells <c>openid</c>; a person's grids and households are left out when empty.</summary>
    private static void Shape(JsonTypeInfo info)
    {
        if (info.Type != typeof(Person))
        {
            return;
        }

        foreach (var property in info.Properties)
        {
            if (property.Name == "openId")
            {
                property.Name = "openid";
            }
            else if (property.Name is "grids" or "households")
            {
                property.ShouldSerialize = static (_, value) => value is List<string> { Count: > 0 };
            }
        }
    }
}

[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    AllowTrailingCommas = true,
    ReadCommentHandling = JsonCommentHandling.Skip,
    NumberHandling = JsonNumberHandling.AllowReadingFromString,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    WriteIndented = true)]
[JsonSerializable(typeof(DirectoryDocument))]
internal sealed partial class DirectoryJsonContext : JsonSerializerContext;
