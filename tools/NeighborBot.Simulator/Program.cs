using System.Globalization;
using System.Text.Json;
using NeighborBot.Conversations;
using NeighborBot.WeChat;

namespace NeighborBot.Simulator;

// Plays WeChat's side of the Official Account callback, so a person can chat with a running bot
// from a terminal as any openid. With no options it talks to the demo started by
// `dotnet run --project NeighborBot.Api`, reading the demo account from its settings.

internal static class SimulatorProgram
{
    public static async Task<int> Main(string[] args)
    {
        var options = SimulatorOptions.Parse(args);
        if (options is null)
        {
            Console.WriteLine(SimulatorOptions.Usage);
            return 2;
        }

        using var http = new HttpClient { BaseAddress = new Uri(options.Url), Timeout = TimeSpan.FromSeconds(10) };
        await using var api = options.ApiPort is { } apiPort ? await StartFakeApiAsync(apiPort) : null;
        var session = new ChatSession(http, options, api);

        if (options.Say is { } line)
        {
            var ok = await session.RunAsync(line);
            if (api is not null)
            {
                // The bot sends from a job, a moment after it answered.
                await Task.Delay(TimeSpan.FromSeconds(3));
            }

            return ok ? 0 : 1;
        }

        Console.WriteLine($"Talking to {options.Url}{session.WeChat.CallbackPath} as {session.OpenId} ({session.Mode}). Type /help for commands.");
        while (true)
        {
            Console.Write($"{session.OpenId}> ");
            var input = Console.ReadLine();
            if (input is null || input.Trim() is "/quit" or "/exit")
            {
                return 0;
            }

            if (input.Trim().Length > 0)
            {
                await session.RunAsync(input.Trim());
            }
        }
    }

    /// <summary>The fake WeChat API beside the chat: every message the bot sends is printed as it arrives.</summary>
    private static async Task<FakeWeChatApi> StartFakeApiAsync(int port)
    {
        var api = await FakeWeChatApi.StartAsync(port);
        api.Delivered += delivery => Console.WriteLine(Describe(delivery));
        api.Called += call =>
        {
            if (call.Endpoint != FakeEndpoint.StableToken && (call.Status != 200 || call.ErrCode != 0))
            {
                Console.WriteLine($"  ⇠ WeChat API refused a send to {call.OpenId}: {(call.Status != 200 ? "HTTP " + call.Status : "errcode " + call.ErrCode)}");
            }
        };
        Console.WriteLine($"Fake WeChat API on {api.BaseUrl}: the bot's WeChat:ApiBaseUrl must point here. Messages the bot sends are shown with ⇢.");
        return api;
    }

    internal static string Describe(FakeDelivery delivery) => delivery.Channel == "custom"
        ? $"  ⇢ to {delivery.OpenId} (customer-service message): {delivery.Text}"
        : $"  ⇢ to {delivery.OpenId} (template {delivery.TemplateId}): {string.Join(" | ", delivery.Data.Select(d => $"{d.Key}={d.Value}"))}"
            + (delivery.Url is null ? string.Empty : $" → {delivery.Url}");
}

/// <summary>Command-line options; account values default to the demo account in the API's settings.</summary>
internal sealed record SimulatorOptions(string Url, string Account, string OpenId, DeliveryMode Mode, string Token, string AppId, string? AesKey, string? Say, int? ApiPort = null)
{
    public const string Usage = """
        usage: dotnet run --project tools/NeighborBot.Simulator -- [options]
          --url URL          the bot (default http://localhost:5080)
          --account NAME     account in the callback route (default demo)
          --as OPENID        who is talking (default o_resident_001)
          --mode plain|compat|safe   delivery mode (default safe when the account has an EncodingAESKey)
          --token T --appid A --aeskey K   account values (default: read from NeighborBot.Api/appsettings.Development.json)
          --say "TEXT"       send one line (text or a /command) and exit
          --api-port PORT    also run a fake WeChat API on 127.0.0.1:PORT and print every message the bot
                             sends (start the bot with WeChat:ApiBaseUrl=http://127.0.0.1:PORT)
        """;

    public static SimulatorOptions? Parse(string[] args)
    {
        var map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                return null;
            }

            map[args[i][2..]] = args[++i];
        }

        var account = map.GetValueOrDefault("account", "demo");
        var demo = DemoAccount(account);
        var token = map.GetValueOrDefault("token") ?? demo?.Token;
        var appId = map.GetValueOrDefault("appid") ?? demo?.AppId;
        var aesKey = map.GetValueOrDefault("aeskey") ?? demo?.EncodingAESKey;
        if (token is null || appId is null)
        {
            Console.Error.WriteLine($"No token/appid for account '{account}': pass --token and --appid.");
            return null;
        }

        var mode = map.GetValueOrDefault("mode") switch
        {
            "plain" => DeliveryMode.Plaintext,
            "compat" => DeliveryMode.Compatible,
            "safe" => DeliveryMode.Safe,
            null => string.IsNullOrEmpty(aesKey) ? DeliveryMode.Plaintext : DeliveryMode.Safe,
            _ => (DeliveryMode?)null,
        };
        int? apiPort = null;
        if (map.GetValueOrDefault("api-port") is { } portText)
        {
            if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
            {
                Console.Error.WriteLine($"--api-port needs a port number, not '{portText}'.");
                return null;
            }

            apiPort = port;
        }

        return mode is null
            ? null
            : new SimulatorOptions(
                map.GetValueOrDefault("url", "http://localhost:5080"), account, map.GetValueOrDefault("as", "o_resident_001"),
                mode.Value, token, appId, aesKey, map.GetValueOrDefault("say"), apiPort);
    }

    private sealed record AccountSettings(string? AppId, string? Token, string? EncodingAESKey);

    private static AccountSettings? DemoAccount(string account)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var file = Path.Combine(dir.FullName, "NeighborBot.Api", "appsettings.Development.json");
            if (File.Exists(file))
            {
                using var doc = JsonDocument.Parse(File.ReadAllText(file));
                return doc.RootElement.TryGetProperty("WeChat", out var wechat)
                    && wechat.TryGetProperty("Accounts", out var accounts)
                    && accounts.TryGetProperty(account, out var a)
                    ? a.Deserialize<AccountSettings>()
                    : null;
            }
        }

        return null;
    }
}

/// <summary>One terminal conversation: turns typed lines into callbacks and prints what the bot answers.</summary>
internal sealed class ChatSession(HttpClient http, SimulatorOptions options, FakeWeChatApi? api = null)
{
    private readonly MsgIdSource _ids = MsgIdSource.FromClock(DateTimeOffset.UtcNow);
    private SignedCallback? _last;
    private bool _raw;

    public SimulatedWeChat WeChat { get; } = new(options.Account, options.Token, options.AppId, options.AesKey);
    public string OpenId { get; private set; } = options.OpenId;
    public DeliveryMode Mode { get; private set; } = options.Mode;

    /// <summary>Handles one typed line; false when the bot refused it or could not be reached.</summary>
    public async Task<bool> RunAsync(string line)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        string xml;
        if (!line.StartsWith('/'))
        {
            xml = CallbackMessages.Text(OpenId, now, _ids.Next(), line);
        }
        else
        {
            var parts = line.Split(' ', 2, StringSplitOptions.TrimEntries);
            var rest = parts.Length > 1 ? parts[1] : string.Empty;
            switch (parts[0])
            {
                case "/help":
                    Console.WriteLine("""
                          any text           send it as a text message
                          /voice [TEXT]      a voice message; TEXT is what WeChat's recognition heard
                          /image [URL]       a photo
                          /location LAT LNG LABEL   a location picked in the chat
                          /gps LAT LNG       the phone's position (LOCATION event)
                          /subscribe [SCENE] follow, optionally through a QR code (household codes: hh:ID)
                          /scan SCENE        scan a QR code while following
                          /unsubscribe       unfollow
                          /click KEY         tap a menu button
                          /retry             send the last request again, as WeChat does after 5 s
                          /as OPENID         talk as someone else
                          /mode plain|compat|safe
                          /raw               show the raw request and response
                          /api 500|busy|slow|token   (with --api-port) make the fake WeChat API fail the next send:
                                             HTTP 500, errcode -1, an answer after 10 s, or revoke the access token
                          /api window OPENID close OPENID's 48 h customer-service window (45015); /api open OPENID reopens it
                          /api sent          list the messages the bot sent so far
                          /quit
                        """);
                    return true;
                case "/as" when rest.Length > 0:
                    OpenId = rest;
                    return true;
                case "/mode":
                    Mode = rest switch { "plain" => DeliveryMode.Plaintext, "compat" => DeliveryMode.Compatible, _ => DeliveryMode.Safe };
                    return true;
                case "/raw":
                    _raw = !_raw;
                    return true;
                case "/retry" when _last is not null:
                    return await PostAsync(_last);
                case "/api" when api is not null:
                    return Api(api, rest);
                case "/voice":
                    xml = CallbackMessages.Voice(OpenId, now, _ids.Next(), rest.Length > 0 ? rest : null);
                    break;
                case "/image":
                    xml = CallbackMessages.Image(OpenId, now, _ids.Next(), rest.Length > 0 ? rest : "https://example.invalid/photo.jpg");
                    break;
                case "/location" when TryCoordinates(rest, out var lat, out var lng, out var label):
                    xml = CallbackMessages.Location(OpenId, now, _ids.Next(), lat, lng, label);
                    break;
                case "/gps" when TryCoordinates(rest, out var lat, out var lng, out _):
                    xml = CallbackMessages.LocationEvent(OpenId, now, lat, lng);
                    break;
                case "/subscribe":
                    xml = CallbackMessages.Subscribe(OpenId, now, rest.Length > 0 ? rest : null);
                    break;
                case "/scan" when rest.Length > 0:
                    xml = CallbackMessages.Scan(OpenId, now, rest);
                    break;
                case "/unsubscribe":
                    xml = CallbackMessages.Unsubscribe(OpenId, now);
                    break;
                case "/click" when rest.Length > 0:
                    xml = CallbackMessages.Click(OpenId, now, rest);
                    break;
                default:
                    Console.WriteLine("Unknown command or missing argument; /help lists them.");
                    return false;
            }
        }

        _last = WeChat.Sign(xml, Mode, now);
        return await PostAsync(_last);
    }

    private async Task<bool> PostAsync(SignedCallback request)
    {
        if (_raw)
        {
            Console.WriteLine($"POST {request.PathAndQuery}\n{request.Body}");
        }

        HttpResponseMessage response;
        try
        {
            response = await http.PostAsync(request.PathAndQuery, new StringContent(request.Body, System.Text.Encoding.UTF8, "text/xml"));
        }
        catch (HttpRequestException ex)
        {
            Console.WriteLine($"(cannot reach {http.BaseAddress}: {ex.Message})");
            return false;
        }

        var body = await response.Content.ReadAsStringAsync();
        if (_raw)
        {
            Console.WriteLine($"{(int)response.StatusCode} {body}");
        }

        if (!response.IsSuccessStatusCode)
        {
            Console.WriteLine($"(refused: HTTP {(int)response.StatusCode})");
            return false;
        }

        var reply = WeChat.OpenReply(body);
        Console.WriteLine(reply is "success" or "" ? "(no reply)" : SimulatedWeChat.ReplyText(reply) ?? reply);
        return true;
    }

    private static bool Api(FakeWeChatApi api, string command)
    {
        var parts = command.Split(' ', 2, StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        switch (parts.ElementAtOrDefault(0))
        {
            case "500":
                api.FailNext(FakeFault.Http500);
                break;
            case "busy":
                api.FailNext(FakeFault.SystemBusy);
                break;
            case "slow":
                api.FailNext(FakeFault.SlowAnswer(TimeSpan.FromSeconds(10)));
                break;
            case "token":
                api.RevokeTokens();
                break;
            case "window" when parts.Length > 1:
                api.CloseCustomServiceWindow(parts[1]);
                break;
            case "open" when parts.Length > 1:
                api.OpenCustomServiceWindow(parts[1]);
                break;
            case "sent":
                foreach (var delivery in api.Deliveries)
                {
                    Console.WriteLine(SimulatorProgram.Describe(delivery));
                }

                return true;
            default:
                Console.WriteLine("/api 500|busy|slow|token|window OPENID|open OPENID|sent");
                return false;
        }

        Console.WriteLine("(the fake WeChat API will do that)");
        return true;
    }

    private static bool TryCoordinates(string text, out double latitude, out double longitude, out string label)
    {
        var parts = text.Split(' ', 3, StringSplitOptions.RemoveEmptyEntries);
        label = parts.Length > 2 ? parts[2] : "地图上的位置";
        longitude = 0;
        return double.TryParse(parts.ElementAtOrDefault(0), NumberStyles.Float, CultureInfo.InvariantCulture, out latitude)
            & double.TryParse(parts.ElementAtOrDefault(1), NumberStyles.Float, CultureInfo.InvariantCulture, out longitude);
    }
}
