const amplifyconfig = ''' {
    "UserAgent": "aws-amplify-cli/2.0",
    "Version": "1.0",
    "auth": {
        "plugins": {
            "awsCognitoAuthPlugin": {
                "UserAgent": "aws-amplify-cli/0.1.0",
                "Version": "0.1.0",
                "IdentityManager": {
                    "Default": {}
                },
                "CredentialsProvider": {
                    "CognitoIdentity": {
                        "Default": {
                            "PoolId": "eu-west-1:7c6b5a49-3827-4165-9d4e-3f2a1b0c9d8e",
                            "Region": "eu-west-1"
                        }
                    }
                },
                "GoogleSignIn": {
                    "Permissions": "email,profile,openid",
                    "ClientId-WebApp": "123456789012-abcdefghijklmnopqrstuvwxyz012345.apps.googleusercontent.com"
                },
                "FacebookSignIn": {
                    "AppId": "1234567890123456",
                    "Permissions": "public_profile"
                },
                "Auth": {
                    "Default": {
                        "authenticationFlowType": "USER_SRP_AUTH"
                    }
                }
            }
        }
    }
}''';