using System.Text.Json;
using System.Text.Json.Serialization;

namespace NeighborBot.Conversations;

/// <summary>The answer remembered with a delivery, as JSON, generated at compile time.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(BotReply))]
internal sealed partial class ConversationJson : JsonSerializerContext;
