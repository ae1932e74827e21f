namespace FlexAspire.Tests;
public class SmokeTests { [Fact] public void Builds() => true.ShouldBeTrue(); }
