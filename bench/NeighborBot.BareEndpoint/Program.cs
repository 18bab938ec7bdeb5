using NeighborBot.BareEndpoint;

// The bare callback: what any WeChat endpoint must do per message, and nothing more.
//   POST /wechat/mp/{account}        signature (+ timestamp), safe-mode decrypt, parse -> "success"
//   POST /redis/wechat/mp/{account}  the same plus SET NX EX + GET, pipelined (needs ConnectionStrings:Redis)
// Configured like the real service: WeChat:Accounts:{name}:..., WeChat:MaxClockSkew,
// ConnectionStrings:Redis, Redis:KeyPrefix, ASPNETCORE_URLS.

var builder = WebApplication.CreateBuilder(args);

builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.AddBareCallback();

var app = builder.Build();

app.MapGet("/healthz", () => "ok");
app.MapBareCallback();

app.Run();
