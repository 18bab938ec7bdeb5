using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using NeighborBot.Broadcasts;

namespace NeighborBot.Api.Broadcasts;

/// <summary>
/// The two parts of an audience that are written either <c>"all"</c> or a list (an object): their JSON
/// converters are hand-written, so the OpenAPI document is told their shape here.
/// </summary>
internal static class AudienceSchemas
{
    public static Task DescribeAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        var type = context.JsonTypeInfo.Type;
        if (type == typeof(GroupChoice))
        {
            schema.Description = "\"all\", or a list of grid ids (their groups) and group ids (or bridge/id).";
            schema.OneOf = [All(), new OpenApiSchema { Type = JsonSchemaType.Array, Items = Text() }];
        }
        else if (type == typeof(ResidentChoice))
        {
            schema.Description = "\"all\", or the residents of some grids and/or with one of some household tags (elderly60, living-alone, low-lying).";
            schema.OneOf =
            [
                All(),
                new OpenApiSchema
                {
                    Type = JsonSchemaType.Object,
                    Properties = new Dictionary<string, IOpenApiSchema>
                    {
                        ["grids"] = new OpenApiSchema { Type = JsonSchemaType.Array, Items = Text() },
                        ["tags"] = new OpenApiSchema { Type = JsonSchemaType.Array, Items = Text() },
                    },
                },
            ];
        }

        return Task.CompletedTask;
    }

    private static OpenApiSchema All() => new() { Type = JsonSchemaType.String, Enum = [JsonValue.Create("all")] };

    private static OpenApiSchema Text() => new() { Type = JsonSchemaType.String };
}
