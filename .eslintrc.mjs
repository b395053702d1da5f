// eslint (flat config) for the browser tours: ES modules run by Odoo's web client.
export default [
    {
        files: ["**/*.js"],
        languageOptions: {
            ecmaVersion: 2022,
            sourceType: "module",
            globals: {
                document: "readonly",
                window: "readonly",
                odoo: "readonly",
                DataTransfer: "readonly",
                File: "readonly",
                Event: "readonly",
            },
        },
        rules: {
            "no-undef": "error",
            "no-unused-vars": "error",
            "no-var": "error",
            "prefer-const": "error",
            eqeqeq: "error",
        },
    },
];
