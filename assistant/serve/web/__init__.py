"""serve/web"""
