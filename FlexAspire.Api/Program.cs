using FlexAspire.Api.Data;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddFlexData();

var app = builder.Build();
app.MapDefaultEndpoints();
app.Run();
