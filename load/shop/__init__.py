"""What the Locust scenarios of load/ share: settings, API calls, test data, shapes, thresholds."""
