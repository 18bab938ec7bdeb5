using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace NeighborBot.Api.Directory;

/// <summary>
/// Checks JSON against a type's contract as System.Text.Json itself sees it — property names after
/// renames, case-insensitive matching, <see cref="JsonRequiredAttribute"/>, unmapped-member handling,
/// extension data — and lists every field the contract does not know and every required field that
/// is missing, each with its path: <c>people[3].opnid: unknown field</c>. The serializer stops at the
/// first; an admin fixing a file by hand wants them all. Known fields come from the types alone, so a
/// property added to a record is a field accepted here.
/// </summary>
internal static class JsonContract
{
    public const string UnknownField = "unknown field";
    public const string MissingField = "required field is missing";

    /// <summary>Every problem of <paramref name="json"/> against <paramref name="contract"/>, in document order.</summary>
    public static List<string> Check(JsonElement json, JsonTypeInfo contract)
    {
        var problems = new List<string>();
        Walk(json, contract, string.Empty, problems);
        return problems;
    }

    private static void Walk(JsonElement json, JsonTypeInfo contract, string path, List<string> problems)
    {
        switch (contract.Kind)
        {
            case JsonTypeInfoKind.Object when json.ValueKind == JsonValueKind.Object:
                WalkObject(json, contract, path, problems);
                break;
            case JsonTypeInfoKind.Enumerable when json.ValueKind == JsonValueKind.Array && contract.ElementType is { } elementType:
                var element = contract.Options.GetTypeInfo(elementType);
                if (element.Kind != JsonTypeInfoKind.None)
                {
                    var index = 0;
                    foreach (var item in json.EnumerateArray())
                    {
                        Walk(item, element, $"{path}[{index++}]", problems);
                    }
                }

                break;
            case JsonTypeInfoKind.Dictionary when json.ValueKind == JsonValueKind.Object && contract.ElementType is { } valueType:
                var value = contract.Options.GetTypeInfo(valueType);
                foreach (var entry in json.EnumerateObject())
                {
                    Walk(entry.Value, value, Member(path, entry.Name), problems);
                }

                break;
        }

        // Anything else (a number, a string, a value of the wrong kind) is the deserializer's to judge.
    }

    private static void WalkObject(JsonElement json, JsonTypeInfo contract, string path, List<string> problems)
    {
        var comparer = contract.Options.PropertyNameCaseInsensitive ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;
        var strict = (contract.UnmappedMemberHandling ?? contract.Options.UnmappedMemberHandling) == JsonUnmappedMemberHandling.Disallow
            && !contract.Properties.Any(p => p.IsExtensionData);
        var present = new HashSet<JsonPropertyInfo>();
        foreach (var field in json.EnumerateObject())
        {
            var property = contract.Properties.FirstOrDefault(p => !p.IsExtensionData && comparer.Equals(p.Name, field.Name));
            if (property is null)
            {
                if (strict)
                {
                    problems.Add($"{Member(path, field.Name)}: {UnknownField}");
                }

                continue;
            }

            if (field.Value.ValueKind != JsonValueKind.Null)
            {
                present.Add(property);
            }

            Walk(field.Value, contract.Options.GetTypeInfo(property.PropertyType), Member(path, field.Name), problems);
        }

        foreach (var missing in contract.Properties.Where(p => p.IsRequired && !present.Contains(p)))
        {
            var list = contract.Options.GetTypeInfo(missing.PropertyType).Kind == JsonTypeInfoKind.Enumerable;
            problems.Add($"{Member(path, missing.Name)}: {MissingField}{(list ? " (send [] when there are none)" : string.Empty)}");
        }
    }

    private static string Member(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";
}
